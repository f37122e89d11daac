// read_file and list_directory on real files.
#include "os/files.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>

#include "scratch.hpp"

namespace squashrun::test {
namespace {

using FilesTest = ScratchTest;

TEST_F(FilesTest, ReadsAWholeFile) {
    std::string content(200000, 'a');
    content += "end";
    write(at("big"), content);
    auto read = os::read_file(at("big"));
    ASSERT_TRUE(read) << read.message();
    EXPECT_EQ(*read, content);
    write(at("empty"), "");
    EXPECT_EQ(os::read_file(at("empty")).value(), "");
}

TEST_F(FilesTest, StopsAtTheLimit) {
    write(at("file"), "0123456789");
    EXPECT_EQ(os::read_file(at("file"), 4).value(), "0123");
    EXPECT_EQ(os::read_file(at("file"), 100).value(), "0123456789");
}

TEST_F(FilesTest, ErrorsNameThePath) {
    auto missing = os::read_file(at("missing"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.message(), at("missing") + ": No such file or directory");
}

TEST_F(FilesTest, SymlinksFollowedUnlessRefused) {
    write(at("target"), "through the link");
    ASSERT_EQ(::symlink(at("target").c_str(), at("link").c_str()), 0);
    EXPECT_EQ(os::read_file(at("link")).value(), "through the link");
    auto refused = os::read_file(at("link"), 100, false);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.message().rfind(at("link") + ": ", 0), 0U) << refused.message();
}

TEST_F(FilesTest, ListsNamesWithoutDots) {
    write(at("one"), "");
    write(at("two words"), "");
    ASSERT_EQ(::mkdir(at("sub").c_str(), 0755), 0);
    auto names = os::list_directory(dir());
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"one", "sub", "two words"}));
    EXPECT_TRUE(os::list_directory(at("sub")).empty());
    EXPECT_TRUE(os::list_directory(at("missing")).empty());
    EXPECT_TRUE(os::list_directory(at("one")).empty()) << "a file is no directory";
}

}  // namespace
}  // namespace squashrun::test
