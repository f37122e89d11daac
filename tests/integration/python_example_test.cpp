// The Python example AppImage: it runs with its own interpreter, its sys.executable runs
// again, and it needs nothing from the host: inside a root holding only a static busybox,
// /dev and /proc, it runs both from a FUSE mount and by extract-and-run.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "support.hpp"

namespace squashrun::test {
namespace {

namespace fs = std::filesystem;

class PythonExample : public AppImageTest {
  protected:
    void SetUp() override {
        AppImageTest::SetUp();
        app_ = python_example_path();
        if (app_.empty() || !exists(app_)) {
            if (running_in_ci()) FAIL() << "the Python example was not built";
            GTEST_SKIP() << "no Python example (the build machine had no /usr/bin/python3)";
        }
    }
    std::string app_;
};

TEST_F(PythonExample, RunsIsolatedWithItsOwnInterpreter) {
    SQUASHRUN_REQUIRE_FUSE();
    Command c = command(app_, {"two words", ""});
    c.env["PYTHONPATH"] = "/nonexistent/host/path";
    c.env["PYTHONHOME"] = "/nonexistent/host/home";
    auto result = run(c);
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_NE(result.out.find("Hello from a Python app bundled by squashrun.\n"), std::string::npos)
        << result.out;
    EXPECT_NE(result.out.find(" from " + tmp_ + "/.mount_"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("flags isolated=1 ignore_environment=1 no_user_site=1\n"),
              std::string::npos);
    EXPECT_NE(result.out.find("arguments [two words] []\n"), std::string::npos) << result.out;
    EXPECT_EQ(result.err, "");
}

TEST_F(PythonExample, SysExecutableAndAPython3LinkRunTheBundledInterpreter) {
    SQUASHRUN_REQUIRE_FUSE();
    std::string link = root_ + "/python3";
    ASSERT_EQ(::symlink(app_.c_str(), link.c_str()), 0);
    auto result = run(
        command(link, {"-c",
                       "import sys, subprocess\n"
                       "print(sys.flags.isolated, sys.prefix.startswith(sys.argv[1]))\n"
                       "out = subprocess.run([sys.executable, '-c', 'import hello_py, sys; "
                       "print(hello_py.__version__, sys.flags.isolated)'], capture_output=True, "
                       "text=True)\n"
                       "print(out.stdout.strip(), out.returncode)\n",
                       tmp_ + "/.mount_"}));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(result.out, "1 True\n0.1.0 1 0\n");
}

TEST_F(PythonExample, RunsInARootWithOnlyBusybox) {
    SQUASHRUN_REQUIRE_BUSYBOX_ROOT();
    SQUASHRUN_REQUIRE_FUSE();
    std::string jail = root_ + "/jail";
    make_busybox_root(jail, app_);
    // Nothing else: no Python, no libraries, no loader (but for the sanitized build's
    // dynamic runtime and AppRun, whose own libraries come along).
    auto top = list_dir(jail);
    std::sort(top.begin(), top.end());
    if (!kSanitizedBuild) {
        EXPECT_EQ(top, (std::vector<std::string>{"app.AppImage", "bin", "dev", "proc", "tmp"}));
    }
    for (const char* mode : {"mount", "extract"}) {
        auto result = run_in_busybox_root(jail, "in-the-jail", std::string(mode) == "extract");
        ASSERT_EQ(result.exit_code(), 0) << mode << ": " << result.describe();
        EXPECT_NE(result.out.find("Hello from a Python app bundled by squashrun.\n"),
                  std::string::npos)
            << mode << ": " << result.out;
        EXPECT_NE(result.out.find(std::string(" from /tmp/") +
                                  (std::string(mode) == "mount" ? ".mount_" : "squashrun-0/")),
                  std::string::npos)
            << mode << ": " << result.out;
        EXPECT_NE(result.out.find("arguments [in-the-jail]\n"), std::string::npos) << result.out;
        // No CA bundle in the jail: the bundle's own, when the build host had one to copy.
        bool bundled = result.out.find("/etc/ssl/certs/ca-certificates.crt") != std::string::npos;
        EXPECT_TRUE(bundled || result.out.find("CA file none") != std::string::npos) << result.out;
        if (bundled) {
            EXPECT_EQ(result.out.find("CA file /etc/"), std::string::npos) << result.out;
        }
    }
    remove_tree(jail + "/tmp");
}

}  // namespace
}  // namespace squashrun::test
