// replace_file: new content appears whole under the name, or nothing changes.
#include "os/replace_file.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include "os/files.hpp"
#include "scratch.hpp"

namespace squashrun::test {
namespace {

using ReplaceFileTest = ScratchTest;

TEST_F(ReplaceFileTest, CreatesThenReplaces) {
    ASSERT_TRUE(os::replace_file(at("size"), "12\n"));
    EXPECT_EQ(os::read_file(at("size")).value(), "12\n");
    ASSERT_TRUE(os::replace_file(at("size"), "3\n"));
    EXPECT_EQ(os::read_file(at("size")).value(), "3\n");
    EXPECT_EQ(os::list_directory(dir()), std::vector<std::string>{"size"}) << "no temporary left";
    struct stat st {};
    ASSERT_EQ(::stat(at("size").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600U);
}

TEST_F(ReplaceFileTest, TakesTheModeAsked) {
    ASSERT_TRUE(os::replace_file(at("script"), "#!/bin/sh\n", 0755));
    struct stat st {};
    ASSERT_EQ(::stat(at("script").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0755U);
}

TEST_F(ReplaceFileTest, ANewFileNotAnOverwrite) {
    // A reader holding the old file (here: a second link to it) still sees the old content.
    write(at("record"), "old");
    ASSERT_EQ(::link(at("record").c_str(), at("held").c_str()), 0);
    ASSERT_TRUE(os::replace_file(at("record"), "new"));
    EXPECT_EQ(os::read_file(at("record")).value(), "new");
    EXPECT_EQ(os::read_file(at("held")).value(), "old");
}

TEST_F(ReplaceFileTest, FailureLeavesNothingBehind) {
    ASSERT_EQ(::mkdir(at("taken").c_str(), 0755), 0);
    auto status = os::replace_file(at("taken"), "content");
    ASSERT_FALSE(status);
    EXPECT_EQ(status.message().rfind(at("taken") + ": ", 0), 0U) << status.message();
    EXPECT_EQ(os::list_directory(dir()), std::vector<std::string>{"taken"});

    auto missing = os::replace_file(at("no/such/dir"), "content");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.message().find(at("no/such/dir")), std::string::npos) << missing.message();
}

}  // namespace
}  // namespace squashrun::test
