// The one way to start a program and wait for it: posix_spawn with an explicit environment,
// the child's standard descriptors, the descriptors it keeps and its signal state chosen by
// the caller. Nothing but the spawn itself runs in the child (no code between fork and exec).
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "os/unique_fd.hpp"

namespace squashrun::os {

// What one of the child's standard descriptors (0, 1, 2) is.
class Stdio {
  public:
    enum class Kind { inherit, null, capture, descriptor };

    static Stdio inherit() { return Stdio(Kind::inherit, -1); }  // the parent's own
    static Stdio null() { return Stdio(Kind::null, -1); }        // /dev/null
    // Standard output or error only: a pipe whose read end the parent gets; when both are
    // captured they share the one pipe (their output interleaved as written).
    static Stdio capture() { return Stdio(Kind::capture, -1); }
    // A copy of the parent's descriptor `fd` (the parent keeps `fd`). Applied in the order
    // stdin, stdout, stderr, so `descriptor(1)` for stderr means the child's new stdout.
    static Stdio descriptor(int fd) { return Stdio(Kind::descriptor, fd); }

    Kind kind() const { return kind_; }
    int fd() const { return fd_; }

  private:
    Stdio(Kind kind, int fd) : kind_(kind), fd_(fd) {}
    Kind kind_;
    int fd_;
};

// The child's signal state. exec(2) always resets caught signals to their default action.
enum class ChildSignals {
    inherited,  // the parent's mask; signals it ignores stay ignored
    // the parent's mask and ignored signals, but SIGCHLD at its default, so a shell can wait
    // for its own children even when the parent ignores SIGCHLD
    child_default,
    unblocked,  // nothing blocked; signals the parent ignores stay ignored
    defaults,   // nothing blocked, every signal at its default action
};

struct ProcessSpec {
    std::string program;            // the file executed, never searched for; empty: argv[0]
    std::vector<std::string> argv;  // argv[0] included
    std::vector<std::string> env;   // the child's whole environment, NAME=value entries
    std::string cwd;                // the child's working directory; empty: the parent's
    Stdio in = Stdio::inherit();
    Stdio out = Stdio::inherit();
    Stdio err = Stdio::inherit();
    // Descriptors (3 and above) the child keeps at their numbers although they are marked
    // close-on-exec: the mark is cleared in the child only.
    std::vector<int> keep_fds;
    ChildSignals signals = ChildSignals::inherited;
    // The child starts a session of its own (setsid): it leads a new process group (whose id
    // is its pid), so that the group, its own children included, can be stopped at once, and it
    // has no controlling terminal.
    bool own_session = false;
};

// How a child ended: the raw status from waitpid(2).
struct ExitStatus {
    int wait_status = 0;

    bool exited() const;
    int exit_code() const;  // -1 when killed by a signal
    int signal() const;     // 0 when it exited
    bool succeeded() const { return exited() && exit_code() == 0; }
    // "exit status N" or "signal N".
    std::string describe() const;
};

// A started child. A child that was not waited for when its Process goes is killed
// (SIGKILL) and reaped, so none outlives its owner unnoticed or stays a zombie.
class Process {
  public:
    // Errors read "<program>: cannot start: <reason>".
    static core::Result<Process> start(const ProcessSpec& spec);

    Process(Process&& other) noexcept;
    Process& operator=(Process&& other) noexcept;
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;
    ~Process();

    pid_t pid() const { return pid_; }
    // The read end of the Stdio::capture pipe (invalid when nothing is captured).
    UniqueFd& output() { return output_; }

    // Blocks until the child ends (EINTR retried).
    core::Result<ExitStatus> wait();
    // The status when the child has ended, nullopt while it runs.
    core::Result<std::optional<ExitStatus>> try_wait();
    // Sends `signal_number`; nothing once the child has been reaped.
    void kill(int signal_number) const;

  private:
    Process(pid_t pid, UniqueFd output, std::string program)
        : pid_(pid), output_(std::move(output)), program_(std::move(program)) {}
    void kill_and_reap();
    pid_t pid_ = -1;  // -1 once reaped
    UniqueFd output_;
    std::string program_;
};

struct RunResult {
    ExitStatus status;
    std::string output;  // what the child wrote to captured streams
};

// Starts `spec`, reads its captured output to the end and waits for it. Should SIGCHLD be
// ignored (the kernel would then reap the child and its status would be lost), it is at its
// default action for the duration and restored on every way out.
// `started`, when given, learns the child's pid as soon as it runs.
core::Result<RunResult> run(const ProcessSpec& spec,
                            const std::function<void(pid_t)>& started = nullptr);

}  // namespace squashrun::os
