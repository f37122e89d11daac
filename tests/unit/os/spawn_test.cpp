// run and Process: real children, their environment, descriptors, signals and statuses.
#include "os/spawn.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "os/files.hpp"
#include "scratch.hpp"

namespace squashrun::test {
namespace {

os::ProcessSpec shell(const std::string& script) {
    os::ProcessSpec spec;
    spec.program = "/bin/sh";
    spec.argv = {"sh", "-c", script};
    spec.env = {"PATH=/usr/bin:/bin"};
    return spec;
}

os::RunResult run_ok(const os::ProcessSpec& spec) {
    auto result = os::run(spec);
    EXPECT_TRUE(result) << result.message();
    return result ? *result : os::RunResult{};
}

// The value of line "Name:\t..." in /proc/<pid>/status as a child reports it.
std::string status_field(const std::string& text, const std::string& name) {
    size_t at = text.find(name + ":\t");
    if (at == std::string::npos) return "<missing " + name + ">";
    at += name.size() + 2;
    return text.substr(at, text.find('\n', at) - at);
}

TEST(Spawn, CapturesStdoutAndStderrTogether) {
    auto spec = shell("echo out; echo err >&2; echo out again");
    spec.out = os::Stdio::capture();
    spec.err = os::Stdio::capture();
    auto result = run_ok(spec);
    EXPECT_TRUE(result.status.succeeded());
    EXPECT_EQ(result.output, "out\nerr\nout again\n");
}

TEST(Spawn, ReportsExitCodesAndSignals) {
    auto three = run_ok(shell("exit 3"));
    EXPECT_TRUE(three.status.exited());
    EXPECT_EQ(three.status.exit_code(), 3);
    EXPECT_EQ(three.status.signal(), 0);
    EXPECT_FALSE(three.status.succeeded());
    EXPECT_EQ(three.status.describe(), "exit status 3");
    auto killed = run_ok(shell("kill -TERM $$"));
    EXPECT_FALSE(killed.status.exited());
    EXPECT_EQ(killed.status.exit_code(), -1);
    EXPECT_EQ(killed.status.signal(), SIGTERM);
    EXPECT_EQ(killed.status.describe(), "signal 15");
}

TEST(Spawn, AChildCanStartASessionThatItsOwnChildrenJoin) {
    // Fields 5 and 6 of /proc/PID/stat: the process group and the session; `cut` is the
    // shell's child.
    auto spec = shell("echo $$; cut -d' ' -f5,6 /proc/self/stat");
    spec.out = os::Stdio::capture();
    spec.own_session = true;
    pid_t started = 0;
    auto result = os::run(spec, [&](pid_t pid) { started = pid; });
    ASSERT_TRUE(result) << result.message();
    std::string id = std::to_string(started);
    EXPECT_EQ(result->output, id + "\n" + id + " " + id + "\n");

    spec.own_session = false;  // by default the group and the session are the parent's
    auto inherited = run_ok(spec);
    std::string ids = inherited.output.substr(inherited.output.find('\n') + 1);
    EXPECT_EQ(ids, std::to_string(::getpgrp()) + " " + std::to_string(::getsid(0)) + "\n");
}

TEST(Spawn, TheEnvironmentIsExactlyTheOneGiven) {
    os::ProcessSpec spec;
    spec.argv = {"/usr/bin/env"};
    spec.env = {"ONLY=this one", "EMPTY="};
    spec.out = os::Stdio::capture();
    EXPECT_EQ(run_ok(spec).output, "ONLY=this one\nEMPTY=\n");
    spec.env = {};
    EXPECT_EQ(run_ok(spec).output, "");
}

TEST(Spawn, ProgramAndArgvZeroCanDiffer) {
    os::ProcessSpec spec;
    spec.program = "/bin/sh";
    spec.argv = {"not-a-path", "-c", "echo \"$0\""};
    spec.out = os::Stdio::capture();
    EXPECT_EQ(run_ok(spec).output, "not-a-path\n");
}

TEST(Spawn, StdinFromDevNullOrADescriptor) {
    os::ProcessSpec spec;
    spec.argv = {"/bin/cat"};
    spec.in = os::Stdio::null();
    spec.out = os::Stdio::capture();
    EXPECT_EQ(run_ok(spec).output, "");

    int ends[2];
    ASSERT_EQ(::pipe2(ends, O_CLOEXEC), 0);
    os::UniqueFd read_end(ends[0]), write_end(ends[1]);
    ASSERT_TRUE(os::write_all(write_end.get(), "fed through a pipe\n"));
    write_end.reset();
    spec.in = os::Stdio::descriptor(read_end.get());
    EXPECT_EQ(run_ok(spec).output, "fed through a pipe\n");
}

TEST(Spawn, OutputToDevNull) {
    auto spec = shell("echo discarded; echo kept >&2");
    spec.out = os::Stdio::null();
    spec.err = os::Stdio::capture();
    EXPECT_EQ(run_ok(spec).output, "kept\n");
}

TEST(Spawn, StderrToTheNewStdout) {
    int ends[2];
    ASSERT_EQ(::pipe2(ends, O_CLOEXEC), 0);
    os::UniqueFd read_end(ends[0]), write_end(ends[1]);
    auto spec = shell("echo one; echo two >&2");
    spec.out = os::Stdio::descriptor(write_end.get());
    spec.err = os::Stdio::descriptor(STDOUT_FILENO);
    auto result = run_ok(spec);
    write_end.reset();
    EXPECT_TRUE(result.status.succeeded());
    char buffer[64] = {};
    EXPECT_EQ(::read(read_end.get(), buffer, sizeof buffer - 1), 8);
    EXPECT_STREQ(buffer, "one\ntwo\n");
}

using SpawnFiles = ScratchTest;

TEST_F(SpawnFiles, WorkingDirectory) {
    os::ProcessSpec spec;
    spec.argv = {"/bin/pwd"};
    spec.cwd = dir();
    spec.out = os::Stdio::capture();
    EXPECT_EQ(run_ok(spec).output, dir() + "\n");
    spec.cwd = at("missing");
    auto missing = os::run(spec);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.message(),
              "/bin/pwd: cannot start: No such file or directory (working "
              "directory " +
                  at("missing") + ")");
}

TEST_F(SpawnFiles, StartFailuresAreErrors) {
    os::ProcessSpec spec;
    spec.argv = {at("missing")};
    auto missing = os::run(spec);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.message(), at("missing") + ": cannot start: No such file or directory");
    write(at("data"), "not a program", 0644);
    spec.argv = {at("data")};
    auto not_executable = os::run(spec);
    ASSERT_FALSE(not_executable);
    EXPECT_EQ(not_executable.message().rfind(at("data") + ": cannot start: ", 0), 0U);
    EXPECT_FALSE(os::run(os::ProcessSpec{})) << "nothing to run";
}

TEST(Spawn, RefusesToCaptureStdinOrKeepStandardDescriptors) {
    auto spec = shell("true");
    spec.in = os::Stdio::capture();
    EXPECT_FALSE(os::run(spec));
    spec = shell("true");
    spec.keep_fds = {1};
    EXPECT_FALSE(os::run(spec));
}

TEST(Spawn, KeptDescriptorsStayOpenOnlyInTheChild) {
    int ends[2];
    ASSERT_EQ(::pipe2(ends, O_CLOEXEC), 0);
    os::UniqueFd read_end(ends[0]), write_end(ends[1]);
    std::string fd = std::to_string(write_end.get());
    auto spec = shell("echo kept >&" + fd);
    spec.keep_fds = {write_end.get()};
    spec.err = os::Stdio::null();
    EXPECT_TRUE(run_ok(spec).status.succeeded());
    EXPECT_NE(::fcntl(write_end.get(), F_GETFD) & FD_CLOEXEC, 0) << "still close-on-exec here";
    write_end.reset();
    char buffer[16] = {};
    EXPECT_EQ(::read(read_end.get(), buffer, sizeof buffer - 1), 5);
    EXPECT_STREQ(buffer, "kept\n");
}

TEST(Spawn, OtherCloseOnExecDescriptorsAreClosed) {
    os::UniqueFd secret(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    auto spec = shell("test -e /proc/self/fd/" + std::to_string(secret.get()));
    EXPECT_EQ(run_ok(spec).status.exit_code(), 1);
    spec.keep_fds = {secret.get()};
    EXPECT_EQ(run_ok(spec).status.exit_code(), 0);
}

// Blocks SIGUSR1 and ignores SIGINT in this process for the test's duration (what runs the
// tests may block or ignore more).
class SpawnSignals : public testing::Test {
  protected:
    void SetUp() override {
        sigset_t usr1;
        sigemptyset(&usr1);
        sigaddset(&usr1, SIGUSR1);
        ASSERT_EQ(::sigprocmask(SIG_BLOCK, &usr1, &saved_mask_), 0);
        struct sigaction ignore {};
        ignore.sa_handler = SIG_IGN;
        ASSERT_EQ(::sigaction(SIGINT, &ignore, &saved_int_), 0);
    }
    void TearDown() override {
        ::sigprocmask(SIG_SETMASK, &saved_mask_, nullptr);
        ::sigaction(SIGINT, &saved_int_, nullptr);
    }

    // The child's blocked and ignored standard signals (1 to 31) as /proc shows them; grep is
    // the child. (glibc keeps signals 32 and 33 for itself: whatever runs the tests may have
    // left them ignored, and no program can change that.)
    static std::pair<uint64_t, uint64_t> child_masks(os::ChildSignals signals) {
        os::ProcessSpec spec;
        spec.argv = {"/bin/grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"};
        spec.signals = signals;
        spec.out = os::Stdio::capture();
        auto result = run_ok(spec);
        auto mask = [&](const std::string& name) {
            return std::stoull(status_field(result.output, name), nullptr, 16) & 0x7fffffffULL;
        };
        return {mask("SigBlk"), mask("SigIgn")};
    }

    static constexpr uint64_t kNone = 0;
    static constexpr uint64_t kUsr1 = 1ULL << (SIGUSR1 - 1);
    static constexpr uint64_t kInt = 1ULL << (SIGINT - 1);

    sigset_t saved_mask_{};
    struct sigaction saved_int_ {};
};

TEST_F(SpawnSignals, InheritedByDefault) {
    auto [blocked, ignored] = child_masks(os::ChildSignals::inherited);
    EXPECT_EQ(blocked & kUsr1, kUsr1);
    EXPECT_EQ(ignored & kInt, kInt);
}

TEST_F(SpawnSignals, Unblocked) {
    auto [blocked, ignored] = child_masks(os::ChildSignals::unblocked);
    EXPECT_EQ(blocked, kNone);
    EXPECT_EQ(ignored & kInt, kInt);
}

TEST_F(SpawnSignals, Defaults) {
    auto [blocked, ignored] = child_masks(os::ChildSignals::defaults);
    EXPECT_EQ(blocked, kNone);
    EXPECT_EQ(ignored, kNone);
}

TEST_F(SpawnSignals, ChildDefaultKeepsTheRestButSigchld) {
    struct sigaction ignore {
    }, saved{};
    ignore.sa_handler = SIG_IGN;
    ASSERT_EQ(::sigaction(SIGCHLD, &ignore, &saved), 0);
    auto [blocked, ignored] = child_masks(os::ChildSignals::child_default);
    ::sigaction(SIGCHLD, &saved, nullptr);
    EXPECT_EQ(blocked & kUsr1, kUsr1);
    EXPECT_EQ(ignored & kInt, kInt);
    EXPECT_EQ(ignored & (1ULL << (SIGCHLD - 1)), 0U);
}

// With SIGCHLD ignored the kernel reaps children itself; run still reports the status and
// leaves SIGCHLD ignored afterwards, also when the program cannot start (AppRun's shell
// hooks once returned early without restoring it).
TEST(Spawn, IgnoredSigchldIsRestoredOnEveryPath) {
    struct sigaction ignore {
    }, saved{}, now{};
    ignore.sa_handler = SIG_IGN;
    ASSERT_EQ(::sigaction(SIGCHLD, &ignore, &saved), 0);
    auto exited = os::run(shell("exit 7"));
    ::sigaction(SIGCHLD, nullptr, &now);
    bool ignored_after_run = now.sa_handler == SIG_IGN;
    os::ProcessSpec missing;
    missing.argv = {"/nonexistent/program"};
    auto failed = os::run(missing);
    ::sigaction(SIGCHLD, nullptr, &now);
    bool ignored_after_failure = now.sa_handler == SIG_IGN;
    ::sigaction(SIGCHLD, &saved, nullptr);

    ASSERT_TRUE(exited) << exited.message();
    EXPECT_EQ(exited->status.exit_code(), 7);
    EXPECT_TRUE(ignored_after_run);
    EXPECT_FALSE(failed);
    EXPECT_TRUE(ignored_after_failure);
}

TEST(Process, WaitTryWaitAndKill) {
    auto process = os::Process::start(shell("exec sleep 30"));
    ASSERT_TRUE(process) << process.message();
    EXPECT_GT(process->pid(), 0);
    auto running = process->try_wait();
    ASSERT_TRUE(running) << running.message();
    EXPECT_FALSE(running->has_value());
    process->kill(SIGTERM);
    auto status = process->wait();
    ASSERT_TRUE(status) << status.message();
    EXPECT_EQ(status->signal(), SIGTERM);
    EXPECT_FALSE(process->wait()) << "reaped once";
    process->kill(SIGTERM);  // nothing to signal any more
}

TEST(Process, TryWaitSeesTheExit) {
    auto process = os::Process::start(shell("exit 4"));
    ASSERT_TRUE(process);
    for (int i = 0; i < 2000; ++i) {
        auto ended = process->try_wait();
        ASSERT_TRUE(ended) << ended.message();
        if (ended->has_value()) {
            EXPECT_EQ((*ended)->exit_code(), 4);
            return;
        }
        ::usleep(1000);
    }
    FAIL() << "the child did not end";
}

TEST(Process, AChildNotWaitedForIsKilledAndReaped) {
    pid_t pid = -1;
    {
        auto process = os::Process::start(shell("exec sleep 30"));
        ASSERT_TRUE(process);
        pid = process->pid();
        os::Process moved(std::move(*process));
        EXPECT_EQ(moved.pid(), pid);
    }
    errno = 0;
    EXPECT_EQ(::kill(pid, 0), -1);
    EXPECT_EQ(errno, ESRCH) << "no such process, not even a zombie";
}

TEST(Process, CapturedOutputIsReadableWhileItRuns) {
    auto spec = shell("echo ready; exec sleep 30");
    spec.out = os::Stdio::capture();
    auto process = os::Process::start(spec);
    ASSERT_TRUE(process);
    ASSERT_TRUE(process->output());
    char buffer[16] = {};
    EXPECT_EQ(::read(process->output().get(), buffer, sizeof buffer - 1), 6);
    EXPECT_STREQ(buffer, "ready\n");
    process->kill(SIGKILL);
    EXPECT_EQ(process->wait()->signal(), SIGKILL);
}

}  // namespace
}  // namespace squashrun::test
