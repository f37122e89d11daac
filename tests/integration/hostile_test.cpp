// Hostile payloads and surroundings: device nodes, setuid bits, odd symlinks and names,
// absurd superblock values, an AppImage path with a newline, an overlong $TMPDIR, a FIFO as
// TARGET_APPIMAGE. Nothing crashes, nothing escapes, failures are one line and exit 127.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "support.hpp"

namespace squashrun::test {
namespace {

using std::chrono::seconds;

class Hostile : public AppImageTest {
  protected:
    void SetUp() override {
        AppImageTest::SetUp();
        run_dir_ = root_ + "/run";
        ASSERT_EQ(::mkdir(run_dir_.c_str(), 0700), 0);
        work_ = root_ + "/work";
        ASSERT_EQ(::mkdir(work_.c_str(), 0755), 0);
    }
    void TearDown() override {
        run(Command::of({"/bin/chmod", "-R", "u+w", root_}));
        AppImageTest::TearDown();
    }

    // A launch with its shared mount kept for `grace` seconds in the test's tree.
    Command launch(const std::string& app, const std::string& grace = "0") const {
        Command c = command(app);
        c.env["XDG_RUNTIME_DIR"] = run_dir_;
        c.env["SQUASHRUN_CACHE_DIR"] = root_ + "/cache";
        c.env["SQUASHRUN_MOUNT_GRACE"] = grace;
        return c;
    }
    Outcome extract(const std::string& app) const {
        Command c = command(app, {"--appimage-extract"});
        c.cwd = work_;
        return run(c);
    }
    // The failure shape of bad input: one line naming the file, exit 127, no signal.
    static void expect_one_line_failure(const Outcome& result, const std::string& file) {
        EXPECT_EQ(result.exit_code(), 127) << result.describe();
        EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
        EXPECT_NE(result.err.find(file), std::string::npos) << result.err;
    }

    std::string run_dir_;
    std::string work_;
};

// Device nodes, a socket, a FIFO and setuid/setgid files in the payload (mksquashfs pseudo
// definitions, so no root is needed to make them).
std::string make_special_app(const std::string& root, const std::string& apprun_body) {
    std::string appdir = root + "/special AppDir";
    make_appdir(appdir, apprun_body);
    write_file(appdir + "/tool", "#!/bin/sh\nid -u\n", 0755);
    build_appimage(appdir, root + "/special.AppImage", "zstd",
                   {"-p", "mem c 666 0 0 1 1", "-p", "disk b 666 0 0 8 0", "-p", "sock i 666 0 0 s",
                    "-p", "fifo i 644 0 0 f", "-p", "tool m 6755 0 0"});
    return root + "/special.AppImage";
}

TEST_F(Hostile, DeviceNodesAndSetuidBitsThroughTheMount) {
    SQUASHRUN_REQUIRE_FUSE();
    std::string app = make_special_app(
        root_,
        "head -c 1 \"$APPDIR/mem\" >/dev/null 2>&1; echo \"mem=$?\"; "
        "head -c 1 \"$APPDIR/disk\" >/dev/null 2>&1; echo \"disk=$?\"; echo \"$APPDIR\"");
    auto result = run(launch(app, "5"));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(result.out.substr(0, result.out.find('/')), "mem=1\ndisk=1\n")
        << "device nodes of the payload cannot be opened";
    std::string appdir = result.out.substr(result.out.find('/'));
    appdir.pop_back();
    struct statvfs fs {};
    ASSERT_EQ(::statvfs(appdir.c_str(), &fs), 0) << appdir;
    EXPECT_NE(fs.f_flag & ST_NOSUID, 0U) << "setuid bits of the payload have no effect";
    EXPECT_NE(fs.f_flag & ST_NODEV, 0U);
    EXPECT_NE(fs.f_flag & ST_RDONLY, 0U);
    for (pid_t pid : processes_running(app))
        ::kill(pid, SIGTERM);
    EXPECT_TRUE(wait_for_no_mounts(root_));
}

TEST_F(Hostile, DeviceNodesAndSetuidBitsAreNotExtracted) {
    std::string app = make_special_app(root_, "exit 0");
    auto result = extract(app);
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    std::string tree = work_ + "/squashfs-root";
    auto names = list_dir(tree);
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"AppRun", "data.txt", "fifo", "tool"}))
        << "no device node and no socket made";
    struct stat st {};
    ASSERT_EQ(::lstat((tree + "/tool").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0755U) << "setuid and setgid bits dropped";
    ASSERT_EQ(::lstat((tree + "/fifo").c_str(), &st), 0);
    EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

// Links that point out of the AppDir, at themselves, and a link followed by a directory (or,
// with `then_file`, a file) of the same name, so that extracting the directory's file (or the
// file) would write through the link.
std::string make_link_app(const std::string& root, const std::string& outside,
                          const std::string& apprun_body, bool then_file = false) {
    std::string appdir = root + "/links AppDir";
    remove_tree(appdir);
    make_appdir(appdir, apprun_body);
    std::string target = then_file ? outside + "/planted" : outside;
    EXPECT_EQ(::symlink(target.c_str(), (appdir + "/escapeQ").c_str()), 0);
    EXPECT_EQ(::symlink("loop", (appdir + "/loop").c_str()), 0);
    if (then_file) {
        write_file(appdir + "/escapeR", "planted\n");
    } else {
        EXPECT_EQ(::mkdir((appdir + "/escapeR").c_str(), 0755), 0);
        write_file(appdir + "/escapeR/planted", "planted\n");
    }
    std::string app = root + "/links.AppImage";
    build_appimage(appdir, app, "none");
    std::string bytes = read_file(app);
    size_t at = bytes.find("escapeR", read_file(runtime_path()).size());
    EXPECT_NE(at, std::string::npos);
    bytes.replace(at, 7, "escapeQ");
    write_file(app, bytes, 0755);
    return app;
}

TEST_F(Hostile, ALinkThenAFileOrDirectoryOfTheSameNameWritesNothingOutside) {
    std::string outside = root_ + "/outside";
    ASSERT_EQ(::mkdir(outside.c_str(), 0755), 0);
    for (bool then_file : {false, true}) {
        SCOPED_TRACE(then_file ? "a file" : "a directory");
        std::string app = make_link_app(root_, outside, "exit 0", then_file);
        auto result = extract(app);
        expect_one_line_failure(result, app);
        EXPECT_NE(result.err.find("duplicate name 'escapeQ'"), std::string::npos) << result.err;
        EXPECT_TRUE(list_dir(outside).empty()) << "nothing written through the link";
        EXPECT_TRUE(list_dir(work_).empty());
        // Extract-and-run refuses it the same way.
        Command c = launch(app);
        c.env["APPIMAGE_EXTRACT_AND_RUN"] = "1";
        expect_one_line_failure(run(c), app);
        EXPECT_TRUE(list_dir(outside).empty());
    }
    remove_tree(root_ + "/cache");
}

TEST_F(Hostile, LoopingAndOutwardLinksThroughTheMount) {
    SQUASHRUN_REQUIRE_FUSE();
    std::string outside = root_ + "/outside";
    ASSERT_EQ(::mkdir(outside.c_str(), 0755), 0);
    std::string app = make_link_app(
        root_, outside,
        "cat \"$APPDIR/loop\" 2>&1 | sed 's/.*: //'; ls \"$APPDIR\" >/dev/null 2>&1; "
        "touch \"$APPDIR/escapeQ/new\" 2>/dev/null; echo \"touch=$?\"; cat \"$APPDIR/data.txt\"");
    auto result = run(launch(app));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(result.out, "Too many levels of symbolic links\ntouch=1\nhello-data\n");
    EXPECT_TRUE(list_dir(outside).empty());
    EXPECT_TRUE(wait_for_no_mounts(root_));
}

TEST_F(Hostile, AnAppRunThatIsALoopingLinkIsOneLine) {
    std::string appdir = root_ + "/loop AppDir";
    make_appdir(appdir, "exit 0");
    ASSERT_EQ(::unlink((appdir + "/AppRun").c_str()), 0);
    ASSERT_EQ(::symlink("AppRun", (appdir + "/AppRun").c_str()), 0);
    std::string app = root_ + "/loop.AppImage";
    build_appimage(appdir, app);
    for (const char* extract : {"0", "1"}) {
        Command c = launch(app);
        c.env["APPIMAGE_EXTRACT_AND_RUN"] = extract;
        if (std::string(extract) == "0" && fuse_unavailable_reason()) continue;
        auto result = run(c);
        expect_one_line_failure(result, "AppRun");
        EXPECT_NE(result.err.find("Too many levels of symbolic links"), std::string::npos)
            << result.err;
    }
    remove_tree(root_ + "/cache");
    EXPECT_TRUE(wait_for_no_mounts(root_));
}

// Names with "..", "/" and an absolute path, read through the mount: the kernel refuses them,
// the server stays up, and the app's own files still read.
TEST_F(Hostile, UnsafeNamesThroughTheMount) {
    SQUASHRUN_REQUIRE_FUSE();
    std::string appdir = root_ + "/names AppDir";
    make_appdir(appdir, "ls \"$APPDIR\" >/dev/null 2>&1; cat \"$APPDIR/data.txt\"");
    write_file(appdir + "/QQ", "dots\n");
    write_file(appdir + "/QZQZQZQZ", "slash\n");
    write_file(appdir + "/QYQYQYQY", "absolute\n");
    std::string app = root_ + "/names.AppImage";
    build_appimage(appdir, app, "none");
    std::string bytes = read_file(app);
    size_t payload = read_file(runtime_path()).size();
    for (auto [from, to] : {std::pair{"QQ", ".."}, std::pair{"QZQZQZQZ", "../pwned"},
                            std::pair{"QYQYQYQY", "/tmp/pwn"}}) {
        size_t at = bytes.find(from, payload);
        ASSERT_NE(at, std::string::npos) << from;
        bytes.replace(at, std::strlen(to), to);
    }
    write_file(app, bytes, 0755);
    auto result = run(launch(app));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(result.out, "hello-data\n");
    EXPECT_TRUE(wait_for_no_mounts(root_));
}

// Absurd values in the superblock: every launch and extraction fails in one line, or runs;
// none dies of a signal or hangs.
TEST_F(Hostile, HugeSizesAndCountsInTheSuperblock) {
    std::string clean = make_app("cat \"$APPDIR/data.txt\"");
    std::string bytes = read_file(clean);
    size_t payload = read_file(runtime_path()).size();
    struct Field {
        const char* name;
        size_t offset;
        size_t width;
    };
    for (Field f :
         {Field{"inode count", 4, 4}, Field{"fragment count", 16, 4}, Field{"id count", 26, 2},
          Field{"root inode", 32, 8}, Field{"bytes used", 40, 8}, Field{"id table", 48, 8},
          Field{"xattr table", 56, 8}, Field{"inode table", 64, 8}, Field{"directory table", 72, 8},
          Field{"fragment table", 80, 8}, Field{"export table", 88, 8}}) {
        for (char fill : {'\xff', '\x7f'}) {
            std::string hostile = bytes;
            for (size_t i = 0; i < f.width; ++i)
                hostile[payload + f.offset + i] = i + 1 == f.width ? fill : '\xff';
            std::string app = root_ + "/huge.AppImage";
            write_file(app, hostile, 0755);
            SCOPED_TRACE(f.name);
            for (const char* mode : {"extract-and-run", "extract"}) {
                SCOPED_TRACE(mode);
                Outcome result;
                if (std::string(mode) == "extract") {
                    remove_tree(work_ + "/squashfs-root");
                    result = extract(app);
                } else {
                    Command c = launch(app);
                    c.env["APPIMAGE_EXTRACT_AND_RUN"] = "1";
                    result = run(c, seconds(60));
                }
                EXPECT_TRUE(result.exited()) << result.describe();
                if (result.exit_code() != 0) expect_one_line_failure(result, app);
            }
        }
    }
    remove_tree(root_ + "/cache");
}

TEST_F(Hostile, AnAppImagePathWithANewline) {
    std::string app = root_ + "/new\nline.AppImage";
    write_file(app, read_file(make_app("printf '%s|' \"$APPIMAGE\"; cat \"$APPDIR/data.txt\"")),
               0755);
    for (const char* extract : {"0", "1"}) {
        if (std::string(extract) == "0" && fuse_unavailable_reason()) continue;
        for (const char* grace : {"0", "2"}) {
            Command c = launch(app, grace);
            c.env["APPIMAGE_EXTRACT_AND_RUN"] = extract;
            auto result = run(c);
            ASSERT_EQ(result.exit_code(), 0) << result.describe();
            EXPECT_EQ(result.out, app + "|hello-data\n");
        }
    }
    auto extracted = extract(app);
    EXPECT_EQ(extracted.exit_code(), 0) << extracted.describe();
    EXPECT_TRUE(wait_for_no_mounts(root_, seconds(15)));
    remove_tree(root_ + "/cache");
}

// A $TMPDIR so long that the app's paths below it would pass PATH_MAX (and fusermount3 could
// not unmount there): mount points and trees go to the user's cache directory instead.
TEST_F(Hostile, AnOverlongTmpdir) {
    SQUASHRUN_REQUIRE_FUSE();
    std::string app = make_app("echo \"$APPDIR\"; cat \"$APPDIR/data.txt\"");
    std::string deep = root_;
    while (deep.size() < 4000) {
        deep += "/" + std::string(200, 'd');
        ASSERT_EQ(::mkdir(deep.c_str(), 0700), 0) << std::strerror(errno);
    }
    for (const char* extract : {"0", "1"}) {
        Command c = command(app);
        c.env["TMPDIR"] = deep;
        c.env["XDG_RUNTIME_DIR"] = std::nullopt;
        c.env["XDG_CACHE_HOME"] = root_ + "/xdg";
        c.env["SQUASHRUN_MOUNT_GRACE"] = "0";
        c.env["APPIMAGE_EXTRACT_AND_RUN"] = extract;
        auto result = run(c);
        EXPECT_EQ(result.exit_code(), 0) << result.describe();
        EXPECT_TRUE(result.out.starts_with(root_ + "/xdg/squashrun/")) << result.out;
        EXPECT_TRUE(result.out.ends_with("\nhello-data\n")) << result.out;
    }
    EXPECT_TRUE(wait_for_no_mounts(root_));
    remove_tree(root_ + "/xdg");
}

// TARGET_APPIMAGE naming a FIFO, a directory or nothing: one line, never a hang.
TEST_F(Hostile, TargetAppImageThatIsNoFile) {
    std::string fifo = root_ + "/fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    for (const std::string& target :
         {fifo, root_, root_ + "/missing.AppImage", std::string("/dev/zero")}) {
        Command c = command(runtime_path());
        c.env["TARGET_APPIMAGE"] = target;
        auto result = run(c, seconds(10));
        expect_one_line_failure(result, target);
    }
}

}  // namespace
}  // namespace squashrun::test
