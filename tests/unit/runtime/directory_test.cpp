// find_cache_dir: which directory extract-and-run uses, and which it refuses.
#include "runtime/cache/directory.hpp"

#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "temp_tree.hpp"

namespace squashrun::runtime {
namespace {

using test::TempTree;

Settings settings_in(const TempTree& tree) {
    Settings s;
    s.temp_root = tree.path();
    s.home = tree / "home";
    return s;
}

mode_t mode_of(const std::string& path) {
    struct stat st {};
    EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
    return st.st_mode;
}

TEST(CacheDirectory, UnderTheTemporaryRootByDefault) {
    TempTree tree;
    auto dir = find_cache_dir(settings_in(tree));
    ASSERT_TRUE(dir) << dir.message();
    EXPECT_EQ(*dir, tree / ("squashrun-" + std::to_string(::geteuid())));
    EXPECT_EQ(mode_of(*dir) & 07777, 0700U);
}

TEST(CacheDirectory, ChosenDirectoryIsCreatedPrivate) {
    TempTree tree;
    Settings s = settings_in(tree);
    s.cache_dir = tree / "chosen";
    auto dir = find_cache_dir(s);
    ASSERT_TRUE(dir) << dir.message();
    EXPECT_EQ(*dir, s.cache_dir);
    EXPECT_TRUE(S_ISDIR(mode_of(*dir)));
    EXPECT_EQ(mode_of(*dir) & 07777, 0700U);
}

TEST(CacheDirectory, ChosenDirectoryMustBeAbsolute) {
    TempTree tree;
    Settings s = settings_in(tree);
    s.cache_dir = "relative/cache";
    auto dir = find_cache_dir(s);
    ASSERT_FALSE(dir);
    EXPECT_NE(dir.message().find("must be an absolute path"), std::string::npos) << dir.message();
}

TEST(CacheDirectory, RefusesWhatOthersCouldChange) {
    TempTree tree;
    Settings s = settings_in(tree);
    s.cache_dir = tree / "open";
    ASSERT_EQ(::mkdir(s.cache_dir.c_str(), 0700), 0);
    ASSERT_EQ(::chmod(s.cache_dir.c_str(), 0777), 0);
    auto open = find_cache_dir(s);
    ASSERT_FALSE(open);
    EXPECT_NE(open.message().find("writable by other users"), std::string::npos);

    s.cache_dir = tree / "link";
    ASSERT_EQ(::symlink((tree / "elsewhere").c_str(), s.cache_dir.c_str()), 0);
    ASSERT_EQ(::mkdir((tree / "elsewhere").c_str(), 0700), 0);
    auto link = find_cache_dir(s);
    ASSERT_FALSE(link);
    EXPECT_NE(link.message().find("not a directory"), std::string::npos) << link.message();
}

TEST(CacheDirectory, NoexecTemporaryRootFallsBackToTheXdgCache) {
    if (::geteuid() != 0) GTEST_SKIP() << "mounting a noexec tmpfs needs root";
    TempTree tree;
    std::string noexec = tree / "noexec";
    ASSERT_EQ(::mkdir(noexec.c_str(), 0755), 0);
    ASSERT_EQ(::mount("tmpfs", noexec.c_str(), "tmpfs", MS_NOEXEC, "size=1m"), 0);
    Settings s = settings_in(tree);
    s.temp_root = noexec;
    s.xdg_cache_home = tree / "xdg";
    auto dir = find_cache_dir(s);
    std::string nothing_left = "squashrun-" + std::to_string(::geteuid());
    bool created_on_noexec = ::access((noexec + "/" + nothing_left).c_str(), F_OK) == 0;

    // Neither XDG_CACHE_HOME nor HOME absolute: nowhere to go.
    s.xdg_cache_home = "relative";
    s.home = "also-relative";
    auto none = find_cache_dir(s);
    ::umount2(noexec.c_str(), MNT_DETACH);

    ASSERT_TRUE(dir) << dir.message();
    EXPECT_EQ(*dir, tree / "xdg/squashrun");
    EXPECT_FALSE(created_on_noexec) << "nothing is created on a noexec file system";
    ASSERT_FALSE(none);
    EXPECT_NE(none.message().find("mounted noexec"), std::string::npos) << none.message();
}

TEST(CacheDirectory, HomeStandsInForAnUnsetXdgCache) {
    if (::geteuid() != 0) GTEST_SKIP() << "mounting a noexec tmpfs needs root";
    TempTree tree;
    std::string noexec = tree / "noexec";
    ASSERT_EQ(::mkdir(noexec.c_str(), 0755), 0);
    ASSERT_EQ(::mkdir((tree / "home").c_str(), 0700), 0);
    ASSERT_EQ(::mount("tmpfs", noexec.c_str(), "tmpfs", MS_NOEXEC, "size=1m"), 0);
    Settings s = settings_in(tree);
    s.temp_root = noexec;
    auto dir = find_cache_dir(s);
    ::umount2(noexec.c_str(), MNT_DETACH);
    ASSERT_TRUE(dir) << dir.message();
    EXPECT_EQ(*dir, tree / "home/.cache/squashrun");
}

}  // namespace
}  // namespace squashrun::runtime
