// Faults: extractions killed half way, a read-only $TMPDIR, 64 launches at once through both
// paths, a corrupt data block read through the mount. Each time the next launch works and
// nothing is left behind.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

#include "support.hpp"

namespace squashrun::test {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class Faults : public AppImageTest {
  protected:
    void TearDown() override {
        remove_tree(cache_dir());  // the extract-and-run cache outlives launches by design
        AppImageTest::TearDown();
    }
    std::string cache_dir() const { return root_ + "/cache"; }

    // An app whose payload takes a while to extract: 48 MB that do not compress.
    std::string make_big_app() {
        std::string appdir = root_ + "/big AppDir";
        make_appdir(appdir, "cat \"$APPDIR/data.txt\"");
        for (int i = 0; i < 12; ++i)
            write_file(appdir + "/blob" + std::to_string(i), noise(4000000 + i));
        std::string app = root_ + "/big.AppImage";
        build_appimage(appdir, app);
        return app;
    }
    Command extract_and_run(const std::string& app) const {
        Command c = command(app);
        c.env["APPIMAGE_EXTRACT_AND_RUN"] = "1";
        c.env["SQUASHRUN_CACHE_DIR"] = cache_dir();
        return c;
    }
};

// Polls until `dir` holds an entry for which `match` is true; false after `timeout` (0: looks
// once).
bool wait_for_entry(const std::string& dir, const std::function<bool(const std::string&)>& match,
                    milliseconds timeout = seconds(20)) {
    auto until = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto names = list_dir(dir);
        if (std::any_of(names.begin(), names.end(), match)) return true;
        if (std::chrono::steady_clock::now() >= until) return false;
        std::this_thread::sleep_for(milliseconds(2));
    }
}

// A staging directory that already holds some of the payload's files.
bool has_files(const std::string& dir) {
    auto names = list_dir(dir);
    return std::count_if(names.begin(), names.end(),
                         [](const std::string& n) { return n.starts_with("blob"); }) > 1;
}

TEST_F(Faults, AnExtractionKilledHalfWayLeavesNothingAfterTheNextOne) {
    std::string app = make_big_app();
    std::string work = root_ + "/work";
    ASSERT_EQ(::mkdir(work.c_str(), 0755), 0);
    Command c = command(app, {"--appimage-extract"});
    c.cwd = work;
    std::string staging;
    {
        Child child(c);
        ASSERT_TRUE(wait_for_entry(work, [&](const std::string& name) {
            if (!name.starts_with(".squashfs-root.") || !has_files(work + "/" + name)) return false;
            staging = name;
            return true;
        })) << "no staging directory with files appeared";
        child.send(SIGKILL);
        EXPECT_EQ(child.finish().signal(), SIGKILL);
    }
    ASSERT_EQ(list_dir(work), std::vector<std::string>{staging}) << "the killed one's leftover";

    auto again = run(c, seconds(60));
    ASSERT_EQ(again.exit_code(), 0) << again.describe();
    EXPECT_EQ(list_dir(work), std::vector<std::string>{"squashfs-root"});
    EXPECT_EQ(read_file(work + "/squashfs-root/data.txt"), "hello-data\n");
}

TEST_F(Faults, AnExtractAndRunKilledHalfWayLeavesNothingAfterTheNextOne) {
    std::string app = make_big_app();
    std::string entry;
    {
        Child child(extract_and_run(app));
        ASSERT_TRUE(wait_for_entry(cache_dir(), [&](const std::string& name) {
            std::string dir = cache_dir() + "/" + name;
            return wait_for_entry(
                dir,
                [&](const std::string& inner) {
                    if (!inner.starts_with(".app.") || !has_files(dir + "/" + inner)) return false;
                    entry = dir;
                    return true;
                },
                milliseconds(0));
        })) << "no staging directory with files appeared in the cache";
        child.send(SIGKILL);
        EXPECT_EQ(child.finish().signal(), SIGKILL);
    }
    auto again = run(extract_and_run(app), seconds(60));
    ASSERT_EQ(again.exit_code(), 0) << again.describe();
    EXPECT_EQ(again.out, "hello-data\n");
    auto names = list_dir(entry);
    EXPECT_EQ(std::count_if(names.begin(), names.end(),
                            [](const std::string& n) { return n.starts_with(".app."); }),
              0)
        << "the killed launch's staging directory is gone";
    EXPECT_TRUE(exists(entry + "/app/blob11"));
}

// A $TMPDIR that cannot be written: mounts and extract-and-run trees go elsewhere.
TEST_F(Faults, AReadOnlyTmpdir) {
    SQUASHRUN_REQUIRE_FUSE();
    std::string app = make_app(kPrintEnv);
    std::string readonly = root_ + "/read-only tmp";
    ASSERT_EQ(::mkdir(readonly.c_str(), 0755), 0);
    // Root writes through permission bits: a read-only mount in a private namespace instead.
    std::vector<std::string> prefix;
    if (::geteuid() == 0) {
        prefix = {"/usr/bin/unshare",
                  "--mount",
                  "--propagation",
                  "private",
                  "/bin/sh",
                  "-c",
                  "mount -t tmpfs -o ro none \"$TMPDIR\" && exec \"$0\" \"$@\""};
    } else {
        ASSERT_EQ(::chmod(readonly.c_str(), 0555), 0);
    }
    std::string xdg = root_ + "/xdg cache";
    for (bool extract : {false, true}) {
        Command c = command(app);
        c.env["TMPDIR"] = readonly;
        c.env["XDG_CACHE_HOME"] = xdg;
        c.env["XDG_RUNTIME_DIR"] = std::nullopt;
        if (extract) c.env["APPIMAGE_EXTRACT_AND_RUN"] = "1";
        c.argv.insert(c.argv.begin(), prefix.begin(), prefix.end());
        auto result = run(c);
        ASSERT_EQ(result.exit_code(), 0)
            << (extract ? "extract-and-run: " : "mount: ") << result.describe();
        EXPECT_EQ(field(result.out, "APPDIR").rfind(xdg + "/squashrun/", 0), 0U) << result.out;
        EXPECT_TRUE(list_dir(readonly).empty());
    }
    EXPECT_TRUE(wait_for_no_mounts(root_));
    remove_tree(xdg);
}

// 64 launches of one file at once, half through the shared mount, half by extract-and-run:
// all run, one mount and one tree serve them, and nothing is left afterwards.
TEST_F(Faults, SixtyFourLaunchesMixingMountsAndExtraction) {
    SQUASHRUN_REQUIRE_FUSE();
    std::string app = make_app("cat \"$APPDIR/data.txt\"; echo \"$1\"; sleep 0.2");
    std::string run_dir = root_ + "/run";
    ASSERT_EQ(::mkdir(run_dir.c_str(), 0700), 0);
    std::vector<std::unique_ptr<Child>> children;
    for (int i = 0; i < 64; ++i) {
        Command c = i % 2 == 0 ? command(app) : extract_and_run(app);
        c.argv.push_back("launch" + std::to_string(i));
        c.env["XDG_RUNTIME_DIR"] = run_dir;
        c.env["SQUASHRUN_CACHE_DIR"] = cache_dir();
        c.env["SQUASHRUN_MOUNT_GRACE"] = "1";
        children.push_back(std::make_unique<Child>(c));
    }
    for (int i = 0; i < 64; ++i) {
        auto result = children[static_cast<size_t>(i)]->finish(seconds(120));
        EXPECT_EQ(result.exit_code(), 0) << "launch " << i << ": " << result.describe();
        EXPECT_EQ(result.out, "hello-data\nlaunch" + std::to_string(i) + "\n");
    }
    auto entries = list_dir(cache_dir());
    auto trees = std::count_if(entries.begin(), entries.end(), [&](const std::string& name) {
        return exists(cache_dir() + "/" + name + "/app");
    });
    EXPECT_EQ(trees, 1) << "one extracted tree";
    EXPECT_TRUE(wait_for_no_mounts(root_)) << "the shared mount is gone after its grace period";
    EXPECT_TRUE(wait_for_empty(run_dir + "/squashrun"));
    EXPECT_TRUE(processes_running(app).empty()) << "no server left";
}

// A data block that does not decompress: reading it through the mount fails with EIO, the
// server stays up, and the app's other files still read.
TEST_F(Faults, ACorruptBlockReadsAsEioAndTheServerStaysUp) {
    SQUASHRUN_REQUIRE_FUSE();
    std::string app = make_corrupt_app(
        "cat \"$APPDIR/big.txt\" >/dev/null; echo \"first=$?\"; "
        "cat \"$APPDIR/big.txt\" >/dev/null; echo \"again=$?\"; cat \"$APPDIR/data.txt\"");
    Command c = command(app);
    c.env["SQUASHRUN_MOUNT_GRACE"] = "0";
    auto result = run(c);
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(result.out, "first=1\nagain=1\nhello-data\n");
    EXPECT_NE(result.err.find("Input/output error"), std::string::npos) << result.err;
    EXPECT_TRUE(wait_for_no_mounts(root_));
}

}  // namespace
}  // namespace squashrun::test
