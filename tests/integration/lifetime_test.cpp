// How long a mount lives: --appimage-mount, killed apps, surviving children, dead servers.
#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

#include "support.hpp"

namespace squashrun::test {
namespace {

class Lifetime : public AppImageTest {
  protected:
    void SetUp() override {
        AppImageTest::SetUp();
        SQUASHRUN_REQUIRE_FUSE();
    }
};

TEST_F(Lifetime, MountOptionUntilSigterm) {
    std::string app = make_app("exit 0");
    Child child(command(app, {"--appimage-mount"}));
    auto mount_point = child.read_line(std::chrono::seconds(10));
    ASSERT_TRUE(mount_point.has_value());
    EXPECT_EQ(mount_point->rfind(tmp_ + "/.mount_", 0), 0U);
    EXPECT_EQ(read_file(*mount_point + "/data.txt"), "hello-data\n");
    EXPECT_EQ(our_mounts(root_).size(), 1U);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(read_file(*mount_point + "/data.txt"), "hello-data\n") << "still mounted";
    child.send(SIGTERM);
    auto result = child.finish();
    EXPECT_EQ(result.exit_code(), 0) << result.describe();
    // --appimage-mount waits for the unmount before it exits.
    EXPECT_TRUE(our_mounts(root_).empty());
    EXPECT_FALSE(exists(*mount_point));
}

TEST_F(Lifetime, MountOptionUntilSigint) {
    std::string app = make_app("exit 0");
    Child child(command(app, {"--appimage-mount"}));
    ASSERT_TRUE(child.read_line(std::chrono::seconds(10)).has_value());
    child.send(SIGINT);
    EXPECT_EQ(child.finish().exit_code(), 0);
    EXPECT_TRUE(our_mounts(root_).empty());
}

TEST_F(Lifetime, SigkillOfTheAppUnmounts) {
    std::string app = make_app("echo \"$APPDIR\"; exec sleep 600");
    Child child(command(app));
    auto mount_point = child.read_line(std::chrono::seconds(10));
    ASSERT_TRUE(mount_point.has_value());
    EXPECT_EQ(our_mounts(root_).size(), 1U);
    child.send(SIGKILL);
    auto result = child.finish();
    EXPECT_EQ(result.signal(), SIGKILL);
    EXPECT_TRUE(wait_for_no_mounts(root_));
    EXPECT_TRUE(wait_for_empty(tmp_)) << "mount point removed";
}

TEST_F(Lifetime, BackgroundChildKeepsTheMount) {
    std::string out = root_ + "/from-child.txt";
    std::string app = make_app(
        "( sleep 1; cat \"$APPDIR/data.txt\" > \"$1.tmp\"; mv \"$1.tmp\" \"$1\" ) "
        "</dev/null >/dev/null 2>&1 &\n"
        "exit 7");
    auto result = run(command(app, {out}));
    EXPECT_EQ(result.exit_code(), 7) << result.describe();
    EXPECT_EQ(our_mounts(root_).size(), 1U) << "the child still runs, so the mount stays";
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!exists(out) && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(read_file(out), "hello-data\n");
    EXPECT_TRUE(wait_for_no_mounts(root_));
}

TEST_F(Lifetime, DeadMountDoesNotBreakLaterLaunches) {
    std::string app = make_app("echo \"$APPDIR\"; exec sleep 600");
    Child child(command(app));
    auto mount_point = child.read_line(std::chrono::seconds(10));
    ASSERT_TRUE(mount_point.has_value());
    auto servers = processes_running(app, child.pid());
    ASSERT_FALSE(servers.empty()) << "mount server not found";
    for (pid_t pid : servers)
        ::kill(pid, SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    struct statfs st {};
    EXPECT_NE(::statfs(mount_point->c_str(), &st), 0);
    EXPECT_EQ(errno, ENOTCONN) << "the killed server leaves a dead mount";
    child.send(SIGKILL);
    child.finish();

    std::string second = make_app("cat \"$APPDIR/data.txt\"", "second.AppImage");
    auto result = run(command(second));
    EXPECT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(result.out, "hello-data\n");
    // The later launch also clears the dead mount away.
    EXPECT_TRUE(wait_for_no_mounts(root_));
    EXPECT_TRUE(wait_for_empty(tmp_)) << "dead mount point removed";
}

}  // namespace
}  // namespace squashrun::test
