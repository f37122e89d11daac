// Extract-and-run: by option, by variable, as the fallback when FUSE cannot be used, and
// the cache behind it (reuse, change detection, shared first extraction, eviction).
#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <thread>

#include "support.hpp"

namespace squashrun::test {
namespace {

size_t count_of(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

class ExtractAndRun : public AppImageTest {
  protected:
    void TearDown() override {
        remove_tree(cache_dir());  // the cache outlives launches by design
        AppImageTest::TearDown();
    }

    std::string cache_dir() const { return tmp_ + "/squashrun-" + std::to_string(::geteuid()); }

    Command extract_and_run(const std::string& app, std::vector<std::string> args = {}) const {
        Command c = command(app, std::move(args));
        c.env["APPIMAGE_EXTRACT_AND_RUN"] = "1";
        c.env["SQUASHRUN_DEBUG"] = "1";
        return c;
    }

    // Cache entries (payload hashes) present now.
    std::vector<std::string> entries() const {
        std::vector<std::string> found;
        for (auto& name : list_dir(cache_dir())) {
            if (name != "ids") found.push_back(name);
        }
        return found;
    }

    // Runs `c` inside a private mount namespace after `setup` (a shell command).
    static Command in_namespace(const Command& c, const std::string& setup) {
        Command wrapped = c;
        wrapped.argv = {"/usr/bin/unshare",
                        "--mount",
                        "--propagation",
                        "private",
                        "/bin/sh",
                        "-c",
                        setup + " && exec \"$0\" \"$@\""};
        wrapped.argv.insert(wrapped.argv.end(), c.argv.begin(), c.argv.end());
        return wrapped;
    }
};

TEST_F(ExtractAndRun, ByOptionKeepsTheEnvironmentContract) {
    std::string app =
        make_app(std::string(kPrintEnv) + "\nfor a in \"$@\"; do echo \"[$a]\"; done");
    auto result = run(command(app, {"--appimage-extract-and-run", "one", "two words", ""}));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    std::string appdir = field(result.out, "APPDIR");
    EXPECT_EQ(appdir.rfind(cache_dir() + "/", 0), 0U) << appdir;
    EXPECT_EQ(field(result.out, "APPIMAGE"), app);
    EXPECT_EQ(field(result.out, "ARGV0"), app);
    EXPECT_EQ(field(result.out, "OWD"), root_);
    EXPECT_EQ(field(result.out, "PWD"), root_);
    EXPECT_NE(result.out.find("hello-data\n[one]\n[two words]\n[]\n"), std::string::npos)
        << result.out;
    EXPECT_EQ(result.err, "");
    EXPECT_TRUE(our_mounts(root_).empty());
}

TEST_F(ExtractAndRun, ByVariable) {
    std::string app = make_app(kPrintEnv);
    Command c = command(app, {"--not-an-appimage-option"});
    c.env["APPIMAGE_EXTRACT_AND_RUN"] = "1";
    auto result = run(c);
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(field(result.out, "APPDIR").rfind(cache_dir() + "/", 0), 0U) << result.out;
    EXPECT_EQ(result.err, "");
}

TEST_F(ExtractAndRun, VariableSetToZeroMounts) {
    SQUASHRUN_REQUIRE_FUSE();
    std::string app = make_app(kPrintEnv);
    Command c = command(app);
    c.env["APPIMAGE_EXTRACT_AND_RUN"] = "0";
    auto result = run(c);
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(field(result.out, "APPDIR").rfind(tmp_ + "/.mount_", 0), 0U) << result.out;
    EXPECT_FALSE(exists(cache_dir()));
}

TEST_F(ExtractAndRun, ExitStatusAndSignalsAreTheApplications) {
    std::string app = make_app("[ \"$1\" = kill ] && kill -TERM $$\nexit 42");
    auto exited = run(command(app, {"--appimage-extract-and-run"}));
    EXPECT_EQ(exited.exit_code(), 42) << exited.describe();
    auto killed = run(command(app, {"--appimage-extract-and-run", "kill"}));
    EXPECT_EQ(killed.signal(), SIGTERM) << killed.describe();

    std::string trapping = make_app(
        "trap 'echo got INT; exit 3' INT\necho ready\n"
        "while :; do sleep 0.05; done",
        "trapping.AppImage");
    Child child(command(trapping, {"--appimage-extract-and-run"}));
    ASSERT_EQ(child.read_line(std::chrono::seconds(10)), "ready");
    child.send(SIGINT);
    auto result = child.finish();
    EXPECT_EQ(result.exit_code(), 3) << result.describe();
    EXPECT_EQ(result.out, "got INT\n");
}

TEST_F(ExtractAndRun, FallbackWhenThereIsNoDevFuse) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to hide /dev/fuse in a mount namespace";
    std::string app = make_app(kPrintEnv + std::string("\nexit 7"));
    auto result = run(in_namespace(command(app), "mount -t tmpfs none /dev"));
    EXPECT_EQ(result.exit_code(), 7) << result.describe();
    EXPECT_EQ(field(result.out, "APPDIR").rfind(cache_dir() + "/", 0), 0U) << result.out;
    EXPECT_NE(result.out.find("hello-data"), std::string::npos);
    EXPECT_EQ(count_of(result.err, "\n"), 1U) << "one line says why: " << result.err;
    EXPECT_NE(result.err.find("/dev/fuse"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find(app), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("extracted copy"), std::string::npos) << result.err;
}

TEST_F(ExtractAndRun, FallbackThatCannotExtractEitherSaysBothInOneLine) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to hide /dev/fuse in a mount namespace";
    std::string app = make_app("echo ran");
    Command c = command(app);
    c.env["SQUASHRUN_CACHE_DIR"] = "relative/cache";
    auto result = run(in_namespace(c, "mount -t tmpfs none /dev"));
    EXPECT_EQ(result.exit_code(), 127) << result.describe();
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(count_of(result.err, "\n"), 1U) << result.err;
    EXPECT_NE(result.err.find("cannot mount the payload (/dev/fuse"), std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find("nor extract it: SQUASHRUN_CACHE_DIR must be an absolute path"),
              std::string::npos)
        << result.err;
}

TEST_F(ExtractAndRun, FallbackWhenTheHelperIsUnusable) {
    if (::geteuid() == 0) GTEST_SKIP() << "root mounts without a helper; the user run covers this";
    SQUASHRUN_REQUIRE_FUSE();
    std::string app = make_app(kPrintEnv);
    for (const char* helper : {"/bin/false", "/nonexistent/fusermount3"}) {
        Command c = command(app);
        c.env["FUSERMOUNT_PROG"] = helper;
        auto result = run(c);
        EXPECT_EQ(result.exit_code(), 0) << result.describe();
        EXPECT_NE(result.out.find("hello-data"), std::string::npos) << result.describe();
        EXPECT_EQ(count_of(result.err, "\n"), 1U) << result.err;
        EXPECT_NE(result.err.find(helper), std::string::npos) << result.err;
        EXPECT_NE(result.err.find("extracted copy"), std::string::npos) << result.err;
    }
}

TEST_F(ExtractAndRun, CacheIsReusedAndTheHashRemembered) {
    std::string app = make_app("cat \"$APPDIR/data.txt\"");
    auto first = run(extract_and_run(app));
    ASSERT_EQ(first.exit_code(), 0) << first.describe();
    EXPECT_EQ(count_of(first.err, "debug: extracting into"), 1U) << first.err;
    EXPECT_EQ(count_of(first.err, "debug: payload hashed"), 1U) << first.err;

    // Within the racy window the hash is taken again, but nothing is extracted again.
    auto second = run(extract_and_run(app));
    ASSERT_EQ(second.exit_code(), 0) << second.describe();
    EXPECT_EQ(second.out, "hello-data\n");
    EXPECT_EQ(count_of(second.err, "extracting"), 0U) << second.err;

    // Once the file has settled, its remembered identity spares the hashing.
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    ASSERT_EQ(run(extract_and_run(app)).exit_code(), 0);
    auto settled = run(extract_and_run(app));
    ASSERT_EQ(settled.exit_code(), 0) << settled.describe();
    EXPECT_EQ(count_of(settled.err, "debug: payload hash known"), 1U) << settled.err;
    EXPECT_EQ(count_of(settled.err, "debug: payload hashed"), 0U) << settled.err;
    EXPECT_EQ(entries().size(), 1U);
}

TEST_F(ExtractAndRun, OneByteChangeAtTheSameSizeIsNeverStale) {
    std::string appdir = root_ + "/AppDir";
    make_appdir(appdir, "cat \"$APPDIR/data.txt\"");
    std::string app = root_ + "/edited.AppImage";
    build_appimage(appdir, app, "none");  // file contents appear verbatim in the image
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    ASSERT_EQ(run(extract_and_run(app)).out, "hello-data\n");
    auto remembered = run(extract_and_run(app));
    ASSERT_EQ(count_of(remembered.err, "payload hash known"), 1U) << remembered.err;

    // Change one byte in place, then put the modification time back.
    struct stat before {};
    ASSERT_EQ(::stat(app.c_str(), &before), 0);
    std::string bytes = read_file(app);
    size_t at = bytes.find("hello-data\n");
    ASSERT_NE(at, std::string::npos);
    int fd = ::open(app.c_str(), O_WRONLY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::pwrite(fd, "H", 1, static_cast<off_t>(at)), 1);
    timespec times[2] = {before.st_atim, before.st_mtim};
    ASSERT_EQ(::futimens(fd, times), 0);
    ::close(fd);
    struct stat after {};
    ASSERT_EQ(::stat(app.c_str(), &after), 0);
    ASSERT_EQ(after.st_size, before.st_size);
    ASSERT_EQ(after.st_ino, before.st_ino);
    ASSERT_EQ(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);

    auto changed = run(extract_and_run(app));
    ASSERT_EQ(changed.exit_code(), 0) << changed.describe();
    EXPECT_EQ(changed.out, "Hello-data\n");
    EXPECT_EQ(count_of(changed.err, "payload hashed"), 1U) << changed.err;
    EXPECT_EQ(entries().size(), 2U);
}

TEST_F(ExtractAndRun, SixteenSimultaneousFirstLaunchesExtractOnce) {
    std::string appdir = root_ + "/AppDir";
    make_appdir(appdir, "cat \"$APPDIR/data.txt\"; echo \"$1\"");
    ::mkdir((appdir + "/usr").c_str(), 0755);
    for (int i = 0; i < 200; ++i) {  // enough files that extraction takes a while
        write_file(appdir + "/usr/file" + std::to_string(i),
                   std::string(20000, static_cast<char>('a' + i % 26)));
    }
    std::string app = root_ + "/busy.AppImage";
    build_appimage(appdir, app);
    std::vector<std::unique_ptr<Child>> children;
    for (int i = 0; i < 16; ++i) {
        children.push_back(
            std::make_unique<Child>(extract_and_run(app, {"launch" + std::to_string(i)})));
    }
    size_t extractions = 0;
    for (int i = 0; i < 16; ++i) {
        auto result = children[static_cast<size_t>(i)]->finish();
        EXPECT_EQ(result.exit_code(), 0) << result.describe();
        EXPECT_EQ(result.out, "hello-data\nlaunch" + std::to_string(i) + "\n");
        extractions += count_of(result.err, "debug: extracting into");
    }
    EXPECT_EQ(extractions, 1U);
    ASSERT_EQ(entries().size(), 1U);
    auto names = list_dir(cache_dir() + "/" + entries()[0]);
    EXPECT_EQ(std::count_if(names.begin(), names.end(),
                            [](const std::string& n) { return n.starts_with(".app."); }),
              0)
        << "no staging directory is left";
}

TEST_F(ExtractAndRun, EvictionSparesTreesInUseAndHonoursNoCleanup) {
    std::string busy = make_app("echo \"$APPDIR\"\nexec sleep 60", "busy.AppImage");
    std::string second = make_app("echo second", "second.AppImage");
    std::string third = make_app("echo third", "third.AppImage");

    Child running(extract_and_run(busy));
    auto busy_dir = running.read_line(std::chrono::seconds(10));
    ASSERT_TRUE(busy_dir.has_value());

    // A cache limit of 0 MiB evicts everything it may after the next extraction.
    Command c = extract_and_run(second);
    c.env["SQUASHRUN_CACHE_MAX_MB"] = "0";
    auto result = run(c);
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_TRUE(exists(*busy_dir + "/AppRun")) << "a tree in use was removed";
    EXPECT_NE(result.err.find("debug: in use, kept"), std::string::npos) << result.err;
    EXPECT_EQ(entries().size(), 2U);

    running.send(SIGTERM);
    running.finish();
    c = extract_and_run(third);
    c.env["SQUASHRUN_CACHE_MAX_MB"] = "0";
    c.env["NO_CLEANUP"] = "1";
    ASSERT_EQ(run(c).exit_code(), 0);
    EXPECT_EQ(entries().size(), 3U) << "NO_CLEANUP keeps every entry";

    // Without NO_CLEANUP, entries unused for weeks go even when there is room.
    std::string old_lock = *busy_dir + "/../lock";
    timespec weeks_ago[2] = {{::time(nullptr) - 20 * 86400, 0}, {::time(nullptr) - 20 * 86400, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, old_lock.c_str(), weeks_ago, 0), 0);
    std::string fourth = make_app("echo fourth", "fourth.AppImage");
    result = run(extract_and_run(fourth));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_FALSE(exists(*busy_dir)) << result.err;
    EXPECT_EQ(entries().size(), 3U);

    c = extract_and_run(busy);  // an evicted payload is simply extracted again
    c.argv.emplace_back("ignored");
    Child again(c);
    EXPECT_EQ(again.read_line(std::chrono::seconds(10)), busy_dir);
    again.send(SIGTERM);
    again.finish();
}

TEST_F(ExtractAndRun, TreeIsReadOnlyAndAnInterruptedEvictionIsNeverUsed) {
    std::string app = make_app("cat \"$APPDIR/data.txt\"; echo \"$APPDIR\"");
    auto first = run(extract_and_run(app));
    ASSERT_EQ(first.exit_code(), 0) << first.describe();
    std::string appdir = first.out.substr(first.out.find('\n') + 1);
    appdir.pop_back();
    for (const char* path : {"", "/data.txt", "/AppRun"}) {
        struct stat st {};
        ASSERT_EQ(::stat((appdir + path).c_str(), &st), 0) << path;
        EXPECT_EQ(st.st_mode & 0222, 0U) << appdir + path << " is writable";
    }
    // What a killed eviction leaves: the tree moved aside and partly removed.
    std::string entry = appdir.substr(0, appdir.rfind('/'));
    ASSERT_EQ(::rename(appdir.c_str(), (entry + "/.app.evicted").c_str()), 0);
    ::chmod((entry + "/.app.evicted").c_str(), 0700);
    ASSERT_EQ(::unlink((entry + "/.app.evicted/data.txt").c_str()), 0);
    auto again = run(extract_and_run(app));
    ASSERT_EQ(again.exit_code(), 0) << again.describe();
    EXPECT_EQ(again.out, first.out);
    EXPECT_EQ(count_of(again.err, "debug: extracting into"), 1U) << again.err;
    EXPECT_FALSE(exists(entry + "/.app.evicted")) << "leftovers are removed";
}

TEST_F(ExtractAndRun, RelativeTmpdirNeverGivesARelativeAppdir) {
    SQUASHRUN_REQUIRE_FUSE();
    std::string app = make_app(kPrintEnv);
    Command c = command(app);
    c.env["TMPDIR"] = "relative tmp";
    auto result = run(c);
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(field(result.out, "APPDIR").rfind("/tmp/.mount_", 0), 0U) << result.out;
    EXPECT_FALSE(exists(root_ + "/relative tmp"));
}

TEST_F(ExtractAndRun, NoexecTmpdirFallsBackToTheUserCache) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to mount a noexec tmpfs";
    std::string app = make_app(kPrintEnv);
    std::string xdg = root_ + "/xdg cache";
    Command c = extract_and_run(app);
    c.env["XDG_CACHE_HOME"] = xdg;
    auto result = run(in_namespace(c, "mount -t tmpfs -o noexec none \"$TMPDIR\""));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(field(result.out, "APPDIR").rfind(xdg + "/squashrun/", 0), 0U) << result.out;
    EXPECT_NE(result.err.find("mounted noexec"), std::string::npos) << result.err;
}

TEST_F(ExtractAndRun, CacheDirectoryOpenToOthersIsRefused) {
    std::string app = make_app(kPrintEnv);
    std::string elsewhere = root_ + "/elsewhere";
    ASSERT_EQ(::mkdir(elsewhere.c_str(), 0700), 0);
    ASSERT_EQ(::symlink(elsewhere.c_str(), cache_dir().c_str()), 0);
    Command c = extract_and_run(app);
    c.env["XDG_CACHE_HOME"] = root_ + "/xdg";
    auto result = run(c);
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(field(result.out, "APPDIR").rfind(root_ + "/xdg/squashrun/", 0), 0U) << result.out;
    EXPECT_TRUE(list_dir(elsewhere).empty());
    ::unlink(cache_dir().c_str());

    std::string shared = root_ + "/shared";
    ASSERT_EQ(::mkdir(shared.c_str(), 0777), 0);
    ASSERT_EQ(::chmod(shared.c_str(), 0777), 0);
    c = command(app, {"--appimage-extract-and-run"});
    c.env["SQUASHRUN_CACHE_DIR"] = shared;
    result = run(c);
    EXPECT_EQ(result.exit_code(), 127) << result.describe();
    EXPECT_EQ(count_of(result.err, "\n"), 1U) << result.err;
    EXPECT_NE(result.err.find(shared + ": writable by other users"), std::string::npos)
        << result.err;

    c.env["SQUASHRUN_CACHE_DIR"] = "relative/cache";
    result = run(c);
    EXPECT_EQ(result.exit_code(), 127) << result.describe();
    EXPECT_NE(result.err.find("must be an absolute path: relative/cache"), std::string::npos)
        << result.err;
    EXPECT_FALSE(exists(root_ + "/relative"));
}

TEST_F(ExtractAndRun, CorruptDataAbortsWithoutATree) {
    std::string app = make_corrupt_app("cat \"$APPDIR/data.txt\"");
    auto result = run(command(app, {"--appimage-extract-and-run"}));
    EXPECT_EQ(result.exit_code(), 127) << result.describe();
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(count_of(result.err, "\n"), 1U) << result.err;
    EXPECT_NE(result.err.find(app), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("corrupt data"), std::string::npos) << result.err;
    ASSERT_EQ(entries().size(), 1U) << "the extraction was reached";
    for (const auto& entry : entries()) {
        for (const auto& name : list_dir(cache_dir() + "/" + entry)) {
            EXPECT_TRUE(name == "lock" || name == "extract.lock") << "left behind: " << name;
        }
    }
}

TEST_F(ExtractAndRun, FullDiskAbortsWithoutATree) {
    if (::geteuid() != 0) GTEST_SKIP() << "mounting a small tmpfs needs root";
    std::string appdir = root_ + "/AppDir";
    make_appdir(appdir, "echo ran");
    write_file(appdir + "/big.bin", noise(3000000));
    std::string app = root_ + "/big.AppImage";
    build_appimage(appdir, app);
    std::string small = root_ + "/small cache";
    ASSERT_EQ(::mkdir(small.c_str(), 0700), 0);
    ASSERT_EQ(::mount("tmpfs", small.c_str(), "tmpfs", 0, "size=1m,mode=0700"), 0);
    Command c = command(app, {"--appimage-extract-and-run"});
    c.env["SQUASHRUN_CACHE_DIR"] = small;
    auto result = run(c);
    std::vector<std::string> left;
    for (const auto& entry : list_dir(small)) {
        if (entry == "ids") continue;
        for (const auto& name : list_dir(small + "/" + entry)) {
            if (name != "lock" && name != "extract.lock") left.push_back(entry + "/" + name);
        }
    }
    ::umount2(small.c_str(), MNT_DETACH);
    EXPECT_EQ(result.exit_code(), 127) << result.describe();
    EXPECT_EQ(result.out, "") << "the app must not run";
    EXPECT_EQ(count_of(result.err, "\n"), 1U) << result.err;
    EXPECT_NE(result.err.find("No space left"), std::string::npos) << result.err;
    EXPECT_TRUE(left.empty()) << "left behind: " << left.front();
}

}  // namespace
}  // namespace squashrun::test
