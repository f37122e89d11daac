// posix_spawn(3) (glibc: clone with CLONE_VM|CLONE_VFORK, exec errors reported back), waitpid.
#include "os/spawn.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "os/c_strings.hpp"

namespace squashrun::os {
namespace {

// posix_spawn's attribute and action objects, destroyed on every way out.
struct SpawnObjects {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    SpawnObjects() {
        posix_spawn_file_actions_init(&actions);
        posix_spawnattr_init(&attributes);
    }
    ~SpawnObjects() {
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attributes);
    }
    SpawnObjects(const SpawnObjects&) = delete;
    SpawnObjects& operator=(const SpawnObjects&) = delete;
};

// Returns an errno value, 0 when the action was recorded.
int add_stdio(posix_spawn_file_actions_t* actions, const Stdio& stdio, int target, int capture_fd) {
    switch (stdio.kind()) {
        case Stdio::Kind::inherit:
            return 0;
        case Stdio::Kind::null:
            return posix_spawn_file_actions_addopen(
                actions, target, "/dev/null", target == STDIN_FILENO ? O_RDONLY : O_WRONLY, 0);
        case Stdio::Kind::capture:
            return posix_spawn_file_actions_adddup2(actions, capture_fd, target);
        case Stdio::Kind::descriptor:
            // dup2 onto itself would keep a close-on-exec mark; glibc's adddup2 clears it
            // for equal descriptors, as POSIX now asks.
            return posix_spawn_file_actions_adddup2(actions, stdio.fd(), target);
    }
    return EINVAL;
}

int set_signals(posix_spawnattr_t* attributes, ChildSignals signals) {
    if (signals == ChildSignals::inherited) return 0;
    if (signals == ChildSignals::child_default) {
        sigset_t child;
        sigemptyset(&child);
        sigaddset(&child, SIGCHLD);
        if (int error = posix_spawnattr_setsigdefault(attributes, &child)) return error;
        return posix_spawnattr_setflags(attributes, POSIX_SPAWN_SETSIGDEF);
    }
    sigset_t none;
    sigemptyset(&none);
    short flags = POSIX_SPAWN_SETSIGMASK;
    if (int error = posix_spawnattr_setsigmask(attributes, &none)) return error;
    if (signals == ChildSignals::defaults) {
        sigset_t all;
        sigfillset(&all);
        if (int error = posix_spawnattr_setsigdefault(attributes, &all)) return error;
        flags |= POSIX_SPAWN_SETSIGDEF;
    }
    return posix_spawnattr_setflags(attributes, flags);
}

core::Error start_error(const std::string& program, const char* reason) {
    return core::make_error(program + ": cannot start: " + reason);
}

// The working directory is named when it is the likely cause (posix_spawn reports a failed
// chdir with the same errno as a failed exec).
core::Error spawn_error(const std::string& program, int error, const std::string& cwd) {
    core::Error failure = start_error(program, std::strerror(error));
    if (!cwd.empty() && ::access(cwd.c_str(), X_OK) != 0) {
        failure.message += " (working directory " + cwd + ")";
    }
    return failure;
}

// While alive, SIGCHLD is not ignored: with SIG_IGN (or SA_NOCLDWAIT) the kernel reaps
// children at once and waitpid reports ECHILD instead of their status.
class SigchldNotIgnored {
  public:
    SigchldNotIgnored() {
        ::sigaction(SIGCHLD, nullptr, &saved_);
        bool ignored = (saved_.sa_flags & SA_SIGINFO) == 0 && saved_.sa_handler == SIG_IGN;
        if (!ignored && (saved_.sa_flags & SA_NOCLDWAIT) == 0) return;
        struct sigaction child_default {};
        child_default.sa_handler = SIG_DFL;
        sigemptyset(&child_default.sa_mask);
        changed_ = ::sigaction(SIGCHLD, &child_default, nullptr) == 0;
    }
    ~SigchldNotIgnored() {
        if (changed_) ::sigaction(SIGCHLD, &saved_, nullptr);
    }
    SigchldNotIgnored(const SigchldNotIgnored&) = delete;
    SigchldNotIgnored& operator=(const SigchldNotIgnored&) = delete;

  private:
    struct sigaction saved_ {};
    bool changed_ = false;
};

}  // namespace

bool ExitStatus::exited() const {
    return WIFEXITED(wait_status);
}

int ExitStatus::exit_code() const {
    return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
}

int ExitStatus::signal() const {
    return WIFSIGNALED(wait_status) ? WTERMSIG(wait_status) : 0;
}

std::string ExitStatus::describe() const {
    return exited() ? "exit status " + std::to_string(exit_code())
                    : "signal " + std::to_string(signal());
}

core::Result<Process> Process::start(const ProcessSpec& spec) {
    std::string program = spec.program.empty() && !spec.argv.empty() ? spec.argv[0] : spec.program;
    if (program.empty()) return core::make_error("no program to start");
    if (spec.in.kind() == Stdio::Kind::capture) {
        return start_error(program, "standard input cannot be captured");
    }
    for (int fd : spec.keep_fds) {
        if (fd <= STDERR_FILENO) {
            return start_error(program, "standard descriptors are given as Stdio, not kept");
        }
    }
    int error = 0;
    UniqueFd capture_read, capture_write;
    if (spec.out.kind() == Stdio::Kind::capture || spec.err.kind() == Stdio::Kind::capture) {
        int ends[2];
        if (::pipe2(ends, O_CLOEXEC) == 0) {
            capture_read.reset(ends[0]);
            capture_write.reset(ends[1]);
        } else {
            error = errno;
        }
    }
    SpawnObjects objects;
    const Stdio* streams[] = {&spec.in, &spec.out, &spec.err};
    for (int target = STDIN_FILENO; target <= STDERR_FILENO && error == 0; ++target) {
        error = add_stdio(&objects.actions, *streams[target], target, capture_write.get());
    }
    for (int fd : spec.keep_fds) {
        if (error == 0) error = posix_spawn_file_actions_adddup2(&objects.actions, fd, fd);
    }
    if (error == 0 && !spec.cwd.empty()) {
        error = posix_spawn_file_actions_addchdir_np(&objects.actions, spec.cwd.c_str());
    }
    if (error == 0) error = set_signals(&objects.attributes, spec.signals);
    if (error == 0 && spec.own_session) {
        short flags = 0;
        error = posix_spawnattr_getflags(&objects.attributes, &flags);
        if (error == 0) {
            error = posix_spawnattr_setflags(&objects.attributes,
                                             static_cast<short>(flags | POSIX_SPAWN_SETSID));
        }
    }
    pid_t pid = -1;
    if (error == 0) {
        CStringArray argv(spec.argv);
        CStringArray envp(spec.env);
        error = ::posix_spawn(&pid, program.c_str(), &objects.actions, &objects.attributes,
                              argv.data(), envp.data());
    }
    if (error != 0) return spawn_error(program, error, spec.cwd);
    return Process(pid, std::move(capture_read), std::move(program));
}

Process::Process(Process&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      output_(std::move(other.output_)),
      program_(std::move(other.program_)) {}

Process& Process::operator=(Process&& other) noexcept {
    if (this != &other) {
        kill_and_reap();
        pid_ = std::exchange(other.pid_, -1);
        output_ = std::move(other.output_);
        program_ = std::move(other.program_);
    }
    return *this;
}

Process::~Process() {
    kill_and_reap();
}

void Process::kill_and_reap() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
}

core::Result<ExitStatus> Process::wait() {
    if (pid_ <= 0) return core::make_error(program_ + ": already waited for");
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0) {
        if (errno != EINTR) {
            pid_ = -1;
            return core::make_error(program_ + ": waitpid: " + std::strerror(errno));
        }
    }
    pid_ = -1;
    return ExitStatus{status};
}

core::Result<std::optional<ExitStatus>> Process::try_wait() {
    if (pid_ <= 0) return core::make_error(program_ + ": already waited for");
    int status = 0;
    pid_t got = 0;
    while ((got = ::waitpid(pid_, &status, WNOHANG)) < 0 && errno == EINTR) {
    }
    if (got < 0) {
        pid_ = -1;
        return core::make_error(program_ + ": waitpid: " + std::strerror(errno));
    }
    if (got == 0) return std::optional<ExitStatus>();
    pid_ = -1;
    return std::optional<ExitStatus>(ExitStatus{status});
}

void Process::kill(int signal_number) const {
    if (pid_ > 0) ::kill(pid_, signal_number);
}

core::Result<RunResult> run(const ProcessSpec& spec, const std::function<void(pid_t)>& started) {
    SigchldNotIgnored sigchld;
    auto process = Process::start(spec);
    if (!process) return process.error();
    if (started) started(process->pid());
    RunResult result;
    if (UniqueFd& output = process->output()) {
        char buffer[4096];
        for (;;) {
            ssize_t n = ::read(output.get(), buffer, sizeof buffer);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            result.output.append(buffer, static_cast<size_t>(n));
        }
        output.reset();
    }
    auto status = process->wait();
    if (!status) return status.error();
    result.status = *status;
    return result;
}

}  // namespace squashrun::os
