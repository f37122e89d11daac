// Shared pieces of the integration tests: temp trees, AppImage building, mount checks.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/format/mountinfo.hpp"
#include "process.hpp"

namespace squashrun::test {

// A build with SQUASHRUN_SANITIZE: the runtime and AppRun are instrumented dynamic programs.
inline constexpr bool kSanitizedBuild = SQUASHRUN_SANITIZED != 0;

// The stripped, stamped runtime under test ($SQUASHRUN_RUNTIME overrides the built one).
std::string runtime_path();
// mkappimage under test ($SQUASHRUN_MKAPPIMAGE overrides the built one).
std::string mkappimage_path();
// The static AppRun launcher under test ($SQUASHRUN_APPRUN overrides the built one).
std::string apprun_path();
// The Python example AppImage built by examples/ ("" when the host had no Python 3).
std::string python_example_path();
// The project's source tree ($SQUASHRUN_SOURCE_DIR overrides), for the example AppDirs.
std::string source_dir();

void write_file(const std::string& path, const std::string& content, unsigned mode = 0644);
std::string read_file(const std::string& path);
bool exists(const std::string& path);
std::vector<std::string> list_dir(const std::string& dir);
void remove_tree(const std::string& path);

// An AppRun body printing the environment contract (APPDIR, APPIMAGE, ARGV0, OWD, PWD)
// as KEY=value lines, then the content of data.txt.
inline constexpr const char* kPrintEnv =
    "printf 'APPDIR=%s\\nAPPIMAGE=%s\\nARGV0=%s\\nOWD=%s\\nPWD=%s\\n' "
    "\"$APPDIR\" \"$APPIMAGE\" \"$ARGV0\" \"$OWD\" \"$(pwd)\"\n"
    "cat \"$APPDIR/data.txt\"";

// Deterministic bytes that compress poorly (letters: only a-z, which compress somewhat).
std::string noise(size_t size, bool letters = false);

// The value of a "KEY=value" line in `text`, or "<missing KEY>".
std::string field(const std::string& text, const std::string& key);

// Writes an AppDir: AppRun (a /bin/sh script with `apprun_body`) and data.txt.
void make_appdir(const std::string& dir, const std::string& apprun_body);

// mksquashfs `appdir` with `compression` ("none": nothing compressed, so names and file
// contents appear verbatim in the image) and further `flags` (pseudo definitions: -p "..."),
// then runtime + payload into `output` (0755).
void build_appimage(const std::string& appdir, const std::string& output,
                    const std::string& compression = "zstd",
                    const std::vector<std::string>& flags = {});

// Mounts of type fuse.squashrun whose mount point lies under `dir`.
std::vector<core::MountEntry> our_mounts(const std::string& dir);
// Polls until no mount of ours is left under `dir`; false on timeout.
bool wait_for_no_mounts(const std::string& dir,
                        std::chrono::milliseconds timeout = std::chrono::seconds(10));
// Polls until `dir` is empty (the server removes its mount point just after unmounting).
bool wait_for_empty(const std::string& dir,
                    std::chrono::milliseconds timeout = std::chrono::seconds(10));

// Processes (other than `except`) whose executable is `path`: the mount servers of an
// AppImage once its apps have exec'd.
std::vector<pid_t> processes_running(const std::string& path, pid_t except = -1);

// Why FUSE cannot be used by this process, or nullopt when it can.
std::optional<std::string> fuse_unavailable_reason();
bool running_in_ci();

// Skips when FUSE is unusable, except in CI, where that is a failure.
#define SQUASHRUN_REQUIRE_FUSE()                                                         \
    do {                                                                                 \
        if (auto why = ::squashrun::test::fuse_unavailable_reason()) {                   \
            if (::squashrun::test::running_in_ci()) FAIL() << "CI needs FUSE: " << *why; \
            GTEST_SKIP() << "FUSE unavailable: " << *why;                                \
        }                                                                                \
    } while (0)

// Skips a test that builds a busybox root when not root (the root run covers it), and fails
// it in CI when /bin/busybox is missing.
#define SQUASHRUN_REQUIRE_BUSYBOX_ROOT()                                      \
    do {                                                                      \
        if (::geteuid() != 0) GTEST_SKIP() << "building a chroot needs root"; \
        if (::access("/bin/busybox", X_OK) != 0) {                            \
            if (::squashrun::test::running_in_ci())                           \
                FAIL() << "/bin/busybox is needed (busybox-static)";          \
            GTEST_SKIP() << "no static /bin/busybox";                         \
        }                                                                     \
    } while (0)

// A root holding only a static busybox (as /bin/sh), /dev, /proc, /tmp and `app` as
// /app.AppImage, made at `jail`; root only.
void make_busybox_root(const std::string& jail, const std::string& app);
// Runs /app.AppImage ARG in it (chroot in a private mount namespace, PATH=/bin, in /tmp), from
// a private mount or, with `extract`, by extract-and-run.
Outcome run_in_busybox_root(const std::string& jail, const std::string& arg, bool extract);

// Each test gets a private tree whose path contains spaces, with tmp/ as the runtime's
// TMPDIR. Afterwards no mount of ours and nothing in tmp/ may be left.
class AppImageTest : public testing::Test {
  protected:
    void SetUp() override;
    void TearDown() override;

    // Builds <root>/<name> from an AppRun body.
    std::string make_app(const std::string& apprun_body,
                         const std::string& name = "My App.AppImage",
                         const std::string& compression = "zstd");
    Command command(const std::string& appimage, std::vector<std::string> args = {}) const;
    // <root>/corrupt.AppImage: its first data block (a compressed file of 200 kB) is broken.
    std::string make_corrupt_app(const std::string& apprun_body);

    std::string root_;
    std::string tmp_;
};

}  // namespace squashrun::test
