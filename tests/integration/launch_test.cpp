// Launching real AppImages: environment contract, arguments, exit codes, streams, paths.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>

#include "support.hpp"

namespace squashrun::test {
namespace {

class Launch : public AppImageTest {
  protected:
    void SetUp() override {
        AppImageTest::SetUp();
        SQUASHRUN_REQUIRE_FUSE();
    }
};

TEST_F(Launch, EnvironmentContract) {
    std::string app = make_app(kPrintEnv);
    auto result = run(command(app));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    std::string appdir = field(result.out, "APPDIR");
    EXPECT_EQ(appdir.rfind(tmp_ + "/.mount_", 0), 0U) << appdir;
    EXPECT_EQ(field(result.out, "APPIMAGE"), app);
    EXPECT_EQ(field(result.out, "ARGV0"), app);
    EXPECT_EQ(field(result.out, "OWD"), root_);
    EXPECT_EQ(field(result.out, "PWD"), root_) << "the working directory must not change";
    EXPECT_NE(result.out.find("hello-data"), std::string::npos);
    EXPECT_EQ(result.err, "");
}

TEST_F(Launch, TheCallersEnvironmentKeepsItsOrder) {
    // AppRun sees the caller's variables in the caller's order, the contract's added. AppRun
    // is env(1) itself: a shell would print its variables in its own order.
    std::string src = root_ + "/env-src";
    make_appdir(src, "true");
    ASSERT_EQ(::unlink((src + "/AppRun").c_str()), 0);
    ASSERT_EQ(::symlink("/usr/bin/env", (src + "/AppRun").c_str()), 0);
    std::string app = root_ + "/env.AppImage";
    build_appimage(src, app);
    Command c = command(app);
    std::vector<std::string> argv = {"/usr/bin/env",  "-i",        "Z_FIRST=1",
                                     "A_SECOND=2",    "M_THIRD=3", "SQUASHRUN_MOUNT_GRACE=0",
                                     "TMPDIR=" + tmp_};
    argv.insert(argv.end(), c.argv.begin(), c.argv.end());
    c.argv = argv;
    auto result = run(c);
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    size_t z = result.out.find("Z_FIRST=1\n");
    size_t a = result.out.find("A_SECOND=2\n");
    size_t m = result.out.find("M_THIRD=3\n");
    ASSERT_NE(z, std::string::npos) << result.out;
    EXPECT_LT(z, a) << result.out;
    EXPECT_LT(a, m) << result.out;
    EXPECT_NE(result.out.find("APPDIR=" + tmp_ + "/.mount_"), std::string::npos) << result.out;
}

TEST_F(Launch, ArgumentsArriveUnchanged) {
    std::string app = make_app("for a in \"$@\"; do printf '[%s]' \"$a\"; done");
    std::vector<std::string> args = {
        "",   "two words", "'single'", "\"double\"",      "line\nbreak",
        "--", "*",         "$HOME",    "--appimage-help", "\\"};
    auto result = run(command(app, args));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    std::string expected;
    for (const auto& a : args)
        expected += "[" + a + "]";
    EXPECT_EQ(result.out, expected);
}

class ExitCodes : public Launch, public testing::WithParamInterface<int> {};

TEST_P(ExitCodes, AreTheApplications) {
    std::string app = make_app("exit " + std::to_string(GetParam()));
    auto result = run(command(app));
    EXPECT_EQ(result.exit_code(), GetParam()) << result.describe();
}
INSTANTIATE_TEST_SUITE_P(Launch, ExitCodes, testing::Values(0, 1, 42));

TEST_F(Launch, SignalDeathShowsAs128PlusN) {
    std::string app = make_app("kill -TERM $$");
    auto direct = run(command(app));
    EXPECT_EQ(direct.signal(), SIGTERM) << direct.describe();
    // What a shell user sees: 128 + 15.
    Command through_shell = command("/bin/sh", {"-c", "\"$0\"; echo \"status=$?\"", app});
    auto shell = run(through_shell);
    EXPECT_EQ(shell.out, "status=143\n") << shell.describe();
}

TEST_F(Launch, StdinAndStdoutPassThrough) {
    std::string app = make_app("exec cat");
    Command c = command(app);
    c.input = std::string(200000, 'z') + "\nend\n";
    auto result = run(c);
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(result.out, c.input);
}

TEST_F(Launch, SymlinkToTheAppImage) {
    std::string app = make_app(kPrintEnv);
    std::string link = root_ + "/link to app";
    ASSERT_EQ(::symlink(app.c_str(), link.c_str()), 0);
    auto result = run(command(link));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(field(result.out, "APPIMAGE"), app) << "APPIMAGE is the real file";
    EXPECT_EQ(field(result.out, "ARGV0"), link) << "ARGV0 is what was typed";
}

TEST_F(Launch, TargetAppImageSelectsAnotherFile) {
    std::string carrier = make_app("echo carrier", "carrier.AppImage");
    std::string target = make_app("echo target; cat \"$APPDIR/data.txt\"", "target.AppImage");
    Command c = command(carrier);
    c.env["TARGET_APPIMAGE"] = target;
    auto result = run(c);
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(result.out, "target\nhello-data\n");
}

class Compressions : public Launch, public testing::WithParamInterface<const char*> {};

TEST_P(Compressions, PayloadIsReadable) {
    std::string app =
        make_app("cat \"$APPDIR/data.txt\"; ls \"$APPDIR\"", "app.AppImage", GetParam());
    auto result = run(command(app));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(result.out, "hello-data\nAppRun\ndata.txt\n");
}
INSTANTIATE_TEST_SUITE_P(Launch, Compressions, testing::Values("zstd", "gzip", "xz", "lz4", "lzo"));

class Signals : public Launch, public testing::WithParamInterface<int> {};

TEST_P(Signals, ReachTheApplication) {
    std::string app = make_app(
        "trap 'echo got INT; exit 3' INT\n"
        "trap 'echo got TERM; exit 4' TERM\n"
        "trap 'echo got HUP; exit 5' HUP\n"
        "echo ready\n"
        "while :; do sleep 0.05; done");
    Child child(command(app));
    ASSERT_EQ(child.read_line(std::chrono::seconds(10)), "ready");
    child.send(GetParam());
    auto result = child.finish();
    const std::map<int, std::pair<std::string, int>> expected = {
        {SIGINT, {"got INT", 3}}, {SIGTERM, {"got TERM", 4}}, {SIGHUP, {"got HUP", 5}}};
    EXPECT_EQ(result.out, expected.at(GetParam()).first + "\n") << result.describe();
    EXPECT_EQ(result.exit_code(), expected.at(GetParam()).second) << result.describe();
}
INSTANTIATE_TEST_SUITE_P(Launch, Signals, testing::Values(SIGINT, SIGTERM, SIGHUP));

TEST_F(Launch, ThirtyTwoSimultaneousLaunches) {
    std::string app = make_app("cat \"$APPDIR/data.txt\"; echo \"$1\"");
    std::vector<std::unique_ptr<Child>> children;
    for (int i = 0; i < 32; ++i) {
        children.push_back(std::make_unique<Child>(command(app, {std::to_string(i)})));
    }
    for (int i = 0; i < 32; ++i) {
        auto result = children[static_cast<size_t>(i)]->finish();
        EXPECT_EQ(result.exit_code(), 0) << i << ": " << result.describe();
        EXPECT_EQ(result.out, "hello-data\n" + std::to_string(i) + "\n");
    }
}

}  // namespace
}  // namespace squashrun::test
