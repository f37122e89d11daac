// Shared mounts: one mount and one server for the launches of one file, a grace period after
// the last, fresh mounts for changed files, dead servers replaced, nothing left afterwards.
#include <dirent.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <set>
#include <thread>

#include "core/text/text.hpp"
#include "support.hpp"

namespace squashrun::test {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr const char* kPrintAppdir = "echo \"$APPDIR\"; cat \"$APPDIR/data.txt\"";

class SharedMount : public AppImageTest {
  protected:
    void SetUp() override {
        AppImageTest::SetUp();
        SQUASHRUN_REQUIRE_FUSE();
        run_dir_ = root_ + "/run";
        ASSERT_EQ(::mkdir(run_dir_.c_str(), 0700), 0);
    }

    // A launch that may share: $XDG_RUNTIME_DIR in the test's tree, the given grace period.
    Command shared(const std::string& app, const std::string& grace,
                   std::vector<std::string> args = {}) const {
        Command c = command(app, std::move(args));
        c.env["XDG_RUNTIME_DIR"] = run_dir_;
        c.env["SQUASHRUN_MOUNT_GRACE"] = grace;
        // Fresh mounts record their first launch's reads in the cache (kept, unlike TMPDIR).
        c.env["SQUASHRUN_CACHE_DIR"] = cache_dir();
        return c;
    }
    std::string mount_dir() const { return run_dir_ + "/squashrun"; }
    // Runs `app` (its AppRun prints data.txt) on a fresh mount, and returns the path of the
    // recording of that first launch; "" when there is none.
    std::string record_first_launch(const std::string& app);
    std::string cache_dir() const { return root_ + "/cache"; }

    // The first line of a run of `kPrintAppdir`: the mount point it used.
    std::string appdir_of(const Outcome& result) const {
        EXPECT_EQ(result.exit_code(), 0) << result.describe();
        return result.out.substr(0, result.out.find('\n'));
    }

    std::string run_dir_;
};

bool wait_until(const std::function<bool()>& done, milliseconds timeout = seconds(10)) {
    auto until = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::sleep_for(milliseconds(20));
    }
    return true;
}

std::string SharedMount::record_first_launch(const std::string& app) {
    auto first = run(shared(app, "0.05"));
    EXPECT_EQ(first.out, "hello-data\n") << first.describe();
    EXPECT_TRUE(wait_for_no_mounts(root_));
    std::string records = cache_dir() + "/reads";
    if (!wait_until([&] { return list_dir(records).size() == 1; })) return "";
    return records + "/" + list_dir(records)[0];
}

TEST_F(SharedMount, TwoLaunchesInARowUseOneMountAndOneServer) {
    std::string app = make_app(kPrintAppdir);
    auto first = run(shared(app, "5"));
    auto second = run(shared(app, "5"));
    std::string appdir = appdir_of(first);
    EXPECT_EQ(appdir_of(second), appdir);
    EXPECT_EQ(first.out, appdir + "\nhello-data\n");
    EXPECT_TRUE(appdir.starts_with(mount_dir() + "/")) << appdir;
    EXPECT_EQ(our_mounts(root_).size(), 1U);
    EXPECT_EQ(processes_running(app).size(), 1U) << "one server for both launches";
    // Stop it now instead of waiting out the grace period.
    for (pid_t pid : processes_running(app))
        ::kill(pid, SIGTERM);
    EXPECT_TRUE(wait_for_no_mounts(root_));
}

TEST_F(SharedMount, SixteenSimultaneousFirstLaunchesMountOnce) {
    std::string app = make_app(std::string(kPrintAppdir) + "; sleep 0.3");
    std::vector<std::unique_ptr<Child>> children;
    children.reserve(16);
    for (int i = 0; i < 16; ++i)
        children.push_back(std::make_unique<Child>(shared(app, "2")));
    std::set<std::string> appdirs;
    for (auto& child : children) {
        auto result = child->finish();
        EXPECT_EQ(result.exit_code(), 0) << result.describe();
        EXPECT_NE(result.out.find("hello-data"), std::string::npos) << result.describe();
        appdirs.insert(result.out.substr(0, result.out.find('\n')));
    }
    EXPECT_EQ(appdirs.size(), 1U) << "all launches used one mount point";
    EXPECT_EQ(our_mounts(root_).size(), 1U) << "mounted once";
    EXPECT_EQ(processes_running(app).size(), 1U);
    EXPECT_TRUE(wait_for_no_mounts(root_));
}

TEST_F(SharedMount, NothingIsLeftAfterTheGracePeriod) {
    std::string app = make_app(kPrintAppdir);
    auto started = std::chrono::steady_clock::now();
    std::string appdir = appdir_of(run(shared(app, "1")));
    EXPECT_EQ(our_mounts(root_).size(), 1U) << "kept during the grace period";
    EXPECT_TRUE(wait_for_no_mounts(root_));
    EXPECT_GE(std::chrono::steady_clock::now() - started, milliseconds(900))
        << "not unmounted before the grace period ended";
    EXPECT_TRUE(wait_for_empty(mount_dir())) << "mount point, socket and lock removed";
    EXPECT_TRUE(wait_until([&] { return processes_running(app).empty(); })) << "no server left";
}

TEST_F(SharedMount, AReplacedFileGetsAFreshMountWhileTheOldAppKeepsItsOwn) {
    std::string app = make_app(std::string(kPrintAppdir) +
                               "; while [ ! -e \"$OWD/go\" ]; do sleep 0.05; done; "
                               "cat \"$APPDIR/data.txt\"");
    Child old_app(shared(app, "1"));
    auto old_appdir = old_app.read_line(seconds(10));
    ASSERT_TRUE(old_appdir.has_value());

    std::string src = root_ + "/new-src";
    make_appdir(src, kPrintAppdir);
    write_file(src + "/data.txt", "new-data\n");
    std::string staged = root_ + "/staged.AppImage";
    build_appimage(src, staged);
    ASSERT_EQ(::rename(staged.c_str(), app.c_str()), 0);

    auto fresh = run(shared(app, "1"));
    EXPECT_EQ(fresh.exit_code(), 0) << fresh.describe();
    EXPECT_NE(appdir_of(fresh), *old_appdir) << "a changed file never reuses the old mount";
    EXPECT_NE(fresh.out.find("new-data"), std::string::npos) << fresh.out;

    write_file(root_ + "/go", "");
    auto old_result = old_app.finish();
    EXPECT_EQ(old_result.exit_code(), 0) << old_result.describe();
    EXPECT_EQ(old_result.out, "hello-data\nhello-data\n") << "the old app read its own files";
    EXPECT_TRUE(wait_for_no_mounts(root_));
}

TEST_F(SharedMount, AKilledServersMountIsReplaced) {
    std::string app = make_app(kPrintAppdir);
    std::string appdir = appdir_of(run(shared(app, "2")));
    auto servers = processes_running(app);
    ASSERT_EQ(servers.size(), 1U);
    ::kill(servers.front(), SIGKILL);
    ASSERT_TRUE(wait_until([&] {
        struct statfs st {};
        return ::statfs(appdir.c_str(), &st) != 0 && errno == ENOTCONN;
    })) << "the killed server leaves a dead mount";

    auto again = run(shared(app, "2"));
    EXPECT_EQ(again.exit_code(), 0) << again.describe();
    EXPECT_EQ(again.out, appdir + "\nhello-data\n");
    EXPECT_EQ(our_mounts(root_).size(), 1U) << "the dead mount was replaced, not stacked";
    EXPECT_TRUE(wait_for_no_mounts(root_));
}

// A server stopped by a signal (or hung) answers neither its socket nor its mount: a launch
// waits for its answer once, leaves its mount alone (anything that touched it would wait too)
// and mounts privately.
TEST_F(SharedMount, ALaunchDoesNotWaitForAStoppedServer) {
    std::string app = make_app(kPrintAppdir);
    std::string appdir = appdir_of(run(shared(app, "30")));
    auto servers = processes_running(app);
    ASSERT_EQ(servers.size(), 1U);
    ASSERT_EQ(::kill(servers.front(), SIGSTOP), 0);
    auto started = std::chrono::steady_clock::now();
    auto again = run(shared(app, "30"));
    auto took = std::chrono::steady_clock::now() - started;
    ::kill(servers.front(), SIGCONT);
    std::string private_dir = appdir_of(again);
    EXPECT_TRUE(private_dir.starts_with(tmp_ + "/.mount_")) << private_dir;
    EXPECT_NE(again.err.find("does not answer"), std::string::npos) << again.err;
    EXPECT_LT(took, seconds(9)) << "one wait for the answer, not two";

    auto continued = run(shared(app, "30"));  // the shared mount serves again
    EXPECT_EQ(appdir_of(continued), appdir);
    for (pid_t pid : processes_running(app))
        ::kill(pid, SIGTERM);
    EXPECT_TRUE(wait_for_no_mounts(root_));
}

// A server whose mount was unmounted from outside ends without unmounting its mount point by
// name: a later server may have mounted there meanwhile. Here the old server is stopped while
// its mount goes and its socket is removed, so the next launch mounts afresh at the same place
// before the old server ends.
TEST_F(SharedMount, AServerUnmountedFromOutsideLeavesALaterMountThereAlone) {
    std::string app = make_app(
        "echo \"$APPDIR\"; cat \"$APPDIR/data.txt\"; [ -z \"$WAIT_FOR\" ] && exit 0; "
        "while [ ! -e \"$WAIT_FOR\" ]; do sleep 0.05; done; cat \"$APPDIR/data.txt\"");
    std::string appdir = appdir_of(run(shared(app, "30")));
    auto servers = processes_running(app);
    ASSERT_EQ(servers.size(), 1U);
    pid_t old_server = servers.front();
    ASSERT_EQ(::kill(old_server, SIGSTOP), 0);
    struct Resume {  // however the test ends, the old server is not left stopped
        pid_t pid;
        ~Resume() { ::kill(pid, SIGCONT); }
    } resume{old_server};
    auto unmounted = run(Command::of({"/usr/bin/fusermount3", "-u", "-z", appdir}));
    ASSERT_EQ(unmounted.exit_code(), 0) << unmounted.describe();
    std::string name = appdir.substr(appdir.rfind('/') + 1);
    ASSERT_EQ(::unlink((mount_dir() + "/" + name + ".sock").c_str()), 0);

    std::string go = root_ + "/go";
    Command later = shared(app, "30");
    later.env["WAIT_FOR"] = go;
    Child second(later);
    EXPECT_EQ(second.read_line(seconds(10)), appdir) << "a fresh mount at the same place";
    EXPECT_EQ(second.read_line(seconds(10)), "hello-data");
    ASSERT_EQ(::kill(old_server, SIGCONT), 0);
    EXPECT_TRUE(wait_until([&] { return ::kill(old_server, 0) != 0; })) << "the old server ends";
    write_file(go, "");
    auto outcome = second.finish();
    EXPECT_EQ(outcome.exit_code(), 0) << outcome.describe();
    EXPECT_EQ(outcome.out, "hello-data\n") << "the later mount is still there";
    for (pid_t pid : processes_running(app))
        ::kill(pid, SIGTERM);
    EXPECT_TRUE(wait_for_no_mounts(root_));
}

TEST_F(SharedMount, AnotherUsersDirectoryIsNeverUsed) {
    if (::geteuid() != 0) GTEST_SKIP() << "giving a directory to another user needs root";
    std::string app = make_app(kPrintAppdir);
    ASSERT_EQ(::mkdir(mount_dir().c_str(), 0700), 0);
    ASSERT_EQ(::chown(mount_dir().c_str(), 65534, 65534), 0);
    std::string cache = root_ + "/cache";
    Command c = shared(app, "1");
    c.env["SQUASHRUN_CACHE_DIR"] = cache;
    std::string appdir = appdir_of(run(c));
    EXPECT_TRUE(appdir.starts_with(cache + "/mounts/")) << appdir;
    EXPECT_TRUE(list_dir(mount_dir()).empty()) << "nothing made in another user's directory";

    // Nor a runtime directory that is not private.
    ASSERT_EQ(::chmod(run_dir_.c_str(), 0755), 0);
    ASSERT_EQ(::rmdir(mount_dir().c_str()), 0);
    appdir = appdir_of(run(c));
    EXPECT_TRUE(appdir.starts_with(cache + "/mounts/")) << appdir;
    EXPECT_FALSE(exists(mount_dir()));
    EXPECT_TRUE(wait_for_no_mounts(root_));
}

TEST_F(SharedMount, ABackgroundChildKeepsTheMountBeyondTheGracePeriod) {
    std::string app = make_app(
        "(sleep 2.5; cat \"$APPDIR/data.txt\" > \"$OWD/late.txt\") >/dev/null 2>&1 & echo started");
    auto result = run(shared(app, "0.5"));
    EXPECT_EQ(result.out, "started\n") << result.describe();
    std::this_thread::sleep_for(milliseconds(1500));
    EXPECT_EQ(our_mounts(root_).size(), 1U) << "the child still holds the mount";
    ASSERT_TRUE(wait_until([&] { return exists(root_ + "/late.txt"); }));
    EXPECT_TRUE(wait_until([&] { return read_file(root_ + "/late.txt") == "hello-data\n"; }));
    EXPECT_TRUE(wait_for_no_mounts(root_)) << "gone once the child and the grace period are";
}

TEST_F(SharedMount, GraceZeroGivesEveryLaunchAPrivateMount) {
    std::string app = make_app(kPrintAppdir);
    std::string first = appdir_of(run(shared(app, "0")));
    std::string second = appdir_of(run(shared(app, "0")));
    EXPECT_NE(first, second);
    EXPECT_TRUE(first.starts_with(tmp_ + "/.mount_")) << first;
    EXPECT_FALSE(exists(mount_dir())) << "no shared mount directory made";
    EXPECT_TRUE(wait_for_no_mounts(root_));
}

// The reads of a fresh mount's first launch are kept in the cache; the next fresh mount of the
// same file replays them into the kernel's page cache, and its app reads the same bytes.
TEST_F(SharedMount, AFirstLaunchsReadsAreRecordedAndReplayedByTheNextFreshMount) {
    std::string app = make_app("cat \"$APPDIR/data.txt\"; cat \"$APPDIR/AppRun\" | wc -c");
    auto first = run(shared(app, "0.05"));
    ASSERT_EQ(first.exit_code(), 0) << first.describe();
    ASSERT_TRUE(wait_for_no_mounts(root_));
    std::string records = cache_dir() + "/reads";
    std::vector<std::string> names;
    ASSERT_TRUE(wait_until([&] {
        names = list_dir(records);
        return names.size() == 1;
    })) << "one recording in "
        << records;
    std::string recording = read_file(records + "/" + names[0]);
    size_t text_end = recording.find("\n\n");
    ASSERT_NE(text_end, std::string::npos) << "lines, then the bytes: " << recording;
    size_t looked_up = recording.find("l " + core::hex_of("data.txt") + "\n");
    EXPECT_LT(looked_up, text_end) << "the lookup of data.txt is recorded: " << recording;
    std::string bytes = recording.substr(text_end + 2);
    EXPECT_NE(bytes.find("hello-data\n"), std::string::npos)
        << "the recording keeps the bytes the app read";

    auto replayed = run(shared(app, "0.05"));
    EXPECT_EQ(replayed.exit_code(), 0) << replayed.describe();
    EXPECT_EQ(replayed.out, first.out) << "the replayed mount serves the same bytes";
    ASSERT_TRUE(wait_for_no_mounts(root_));
    EXPECT_EQ(read_file(records + "/" + names[0]), recording) << "a replay keeps the recording";

    // Recorded bytes that do not match their hash are read from the image instead.
    std::string damaged_bytes = recording;
    for (size_t i = text_end + 2; i < damaged_bytes.size(); ++i)
        damaged_bytes[i] = 'X';
    write_file(records + "/" + names[0], damaged_bytes);
    auto checked = run(shared(app, "0.05"));
    EXPECT_EQ(checked.out, first.out) << checked.describe();
    ASSERT_TRUE(wait_for_no_mounts(root_));

    // A recording is only a hint: a damaged one is ignored.
    write_file(records + "/" + names[0], "garbage\n99999999 0 4096\n");
    auto damaged = run(shared(app, "0.05"));
    EXPECT_EQ(damaged.out, first.out) << damaged.describe();
    EXPECT_TRUE(wait_for_no_mounts(root_));
}

// A replayed recording looks paths up and lists directories beneath the mount only: not at an
// absolute path, not through ".." above the mount, not through a symbolic link.
TEST_F(SharedMount, AReplayNeverListsADirectoryOutsideTheMount) {
    std::string outside = root_ + "/outside";
    ASSERT_EQ(::mkdir(outside.c_str(), 0700), 0);
    write_file(outside + "/secret", "x");
    std::string appdir = root_ + "/AppDir-links";
    make_appdir(appdir, "cat \"$APPDIR/data.txt\"");
    std::filesystem::create_symlink(outside, appdir + "/out");
    std::string app = root_ + "/links.AppImage";
    build_appimage(appdir, app);
    std::string recording = record_first_launch(app);
    ASSERT_FALSE(recording.empty());

    std::string up;
    for (int i = 0; i < 40; ++i)
        up += "../";
    std::string escapes;
    for (const std::string& path : {outside, up + outside.substr(1), std::string("out"),
                                    std::string("./out/."), std::string("out/../out")}) {
        escapes += "d " + core::hex_of(path) + "\nl " + core::hex_of(path + "/secret") + "\n";
    }
    write_file(recording, escapes + read_file(recording));
    int watch = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    ASSERT_GE(watch, 0);
    ASSERT_GE(::inotify_add_watch(watch, outside.c_str(), IN_OPEN | IN_ACCESS), 0);
    auto replayed = run(shared(app, "0.05"));
    EXPECT_EQ(replayed.out, "hello-data\n") << replayed.describe();
    EXPECT_TRUE(wait_for_no_mounts(root_));
    char events[4096];
    EXPECT_LT(::read(watch, events, sizeof events), 0) << "the replay opened " << outside;
    // The watch itself sees a listing made from here.
    DIR* listing = ::opendir(outside.c_str());
    ASSERT_NE(listing, nullptr);
    ::closedir(listing);
    EXPECT_GT(::read(watch, events, sizeof events), 0);
    ::close(watch);
}

// A replay still looking names up when the grace period ends is waited for, with its lookups
// answered: the server then unmounts and exits as always.
TEST_F(SharedMount, AServerStopsWhileItsReplayIsStillLookingNamesUp) {
    std::string app = make_app("cat \"$APPDIR/data.txt\"");
    std::string recording = record_first_launch(app);
    ASSERT_FALSE(recording.empty());
    std::string lookups;
    for (int i = 0; i < 16000; ++i)
        lookups += "l " + core::hex_of("missing-" + std::to_string(i)) + "\n";
    write_file(recording, lookups + read_file(recording));
    auto replayed = run(shared(app, "0.05"));
    EXPECT_EQ(replayed.out, "hello-data\n") << replayed.describe();
    EXPECT_TRUE(wait_for_no_mounts(root_));
    EXPECT_TRUE(wait_until([&] { return processes_running(app).empty(); })) << "the server exited";
}

}  // namespace
}  // namespace squashrun::test
