// TempDir: a fresh private directory under a parent, removed with its content when it goes.
#include "os/temp_dir.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include "scratch.hpp"

namespace squashrun::test {
namespace {

bool exists(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

using TempDirTest = ScratchTest;

TEST_F(TempDirTest, CreatesAPrivateDirectoryWithThePrefix) {
    auto made = os::TempDir::create(dir(), "job-");
    ASSERT_TRUE(made) << made.message();
    const std::string& path = made->path();
    EXPECT_EQ(path.rfind(dir() + "/job-", 0), 0U) << path;
    EXPECT_EQ(path.size(), dir().size() + 1 + 4 + 6);
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_TRUE(S_ISDIR(st.st_mode));
    EXPECT_EQ(st.st_mode & 0777, 0700U);
    auto second = os::TempDir::create(dir(), "job-");
    ASSERT_TRUE(second);
    EXPECT_NE(second->path(), path);
}

TEST_F(TempDirTest, RemovesItsContentButNotWhatLinksPointTo) {
    write(at("outside"), "keep me");
    std::string path;
    {
        auto made = os::TempDir::create(dir(), "tree-");
        ASSERT_TRUE(made);
        path = made->path();
        ASSERT_EQ(::mkdir((path + "/sub").c_str(), 0755), 0);
        write(path + "/sub/file", "x");
        ASSERT_EQ(::symlink(at("outside").c_str(), (path + "/link").c_str()), 0);
        ASSERT_EQ(::symlink(dir().c_str(), (path + "/dirlink").c_str()), 0);
        ASSERT_EQ(::chmod((path + "/sub").c_str(), 0500), 0);  // read-only, as payloads are
    }
    EXPECT_FALSE(exists(path));
    EXPECT_TRUE(exists(at("outside")));
}

TEST_F(TempDirTest, ReleaseKeepsTheDirectory) {
    std::string kept;
    {
        auto made = os::TempDir::create(dir(), "kept-");
        ASSERT_TRUE(made);
        kept = made->release();
        EXPECT_TRUE(made->path().empty());
    }
    EXPECT_TRUE(exists(kept));
}

TEST_F(TempDirTest, MovingHandsOverTheRemoval) {
    auto first = os::TempDir::create(dir(), "a-");
    auto second = os::TempDir::create(dir(), "b-");
    ASSERT_TRUE(first && second);
    std::string first_path = first->path();
    std::string second_path = second->path();
    {
        os::TempDir owner(std::move(*first));
        EXPECT_TRUE(first->path().empty());
        EXPECT_EQ(owner.path(), first_path);
        owner = std::move(*second);
        EXPECT_FALSE(exists(first_path)) << "assignment removes what the target held";
        EXPECT_TRUE(exists(second_path));
    }
    EXPECT_FALSE(exists(second_path));
}

TEST_F(TempDirTest, FailureNamesTheParent) {
    auto made = os::TempDir::create(at("missing"), "x-");
    ASSERT_FALSE(made);
    EXPECT_EQ(made.message(),
              "cannot create a directory in " + at("missing") + ": No such file or directory");
}

}  // namespace
}  // namespace squashrun::test
