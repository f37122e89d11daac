// os::Process with pipes and a poll loop, for integration tests.
#include "process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

#include "core/apprun/env_plan.hpp"
#include "os/environment.hpp"
#include "os/fd_io.hpp"
#include "os/unique_fd.hpp"

namespace squashrun::test {

bool Outcome::exited() const {
    return os::ExitStatus{status}.exited();
}
int Outcome::exit_code() const {
    return os::ExitStatus{status}.exit_code();
}
int Outcome::signal() const {
    return os::ExitStatus{status}.signal();
}
std::string Outcome::describe() const {
    std::string how =
        exited() ? "exit " + std::to_string(exit_code()) : "signal " + std::to_string(signal());
    return how + "\nstdout: " + out + "\nstderr: " + err;
}

Child::Child(const Command& command) {
    int out[2], err[2], in[2];
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0 ||
        ::pipe2(in, O_CLOEXEC) != 0) {
        throw std::runtime_error("pipe failed");
    }
    os::UniqueFd out_write(out[1]), err_write(err[1]), in_read(in[0]);
    out_fd_ = out[0];
    err_fd_ = err[0];
    core::Environment env = core::environment_from(os::current_environment());
    for (const auto& [key, value] : command.env) {
        if (value) {
            env[key] = *value;
        } else {
            env.erase(key);
        }
    }
    os::ProcessSpec spec;
    spec.argv = command.argv;
    spec.env = core::environment_entries(env);
    spec.cwd = command.cwd;
    spec.in = os::Stdio::descriptor(in_read.get());
    spec.out = os::Stdio::descriptor(out_write.get());
    spec.err = os::Stdio::descriptor(err_write.get());
    // The harness ignores SIGPIPE (below) and may block signals; the programs under test
    // start as from a shell.
    spec.signals = os::ChildSignals::defaults;
    auto started = os::Process::start(spec);
    if (started) {
        process_.emplace(std::move(*started));
        pid_ = process_->pid();
    } else {
        // As a shell reports a program it cannot run: a message and exit status 126.
        err_ = started.message() + "\n";
        status_ = W_EXITCODE(126, 0);
    }
    ::signal(SIGPIPE, SIG_IGN);
    // A writer thread, so a child that answers while it reads cannot deadlock with us.
    writer_ = std::thread([fd = in[1], input = command.input] {
        (void)os::write_all(fd, input);
        ::close(fd);
    });
}

Child::~Child() {
    process_.reset();  // kills and reaps a child not finished yet
    if (writer_.joinable()) writer_.join();
    if (out_fd_ >= 0) ::close(out_fd_);
    if (err_fd_ >= 0) ::close(err_fd_);
}

void Child::send(int signal_number) const {
    if (process_) process_->kill(signal_number);
}

// Reads whatever is available within `timeout`; false when both pipes are at EOF.
bool Child::pump(std::chrono::milliseconds timeout) {
    pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
    int n = ::poll(fds, 2, static_cast<int>(timeout.count()));
    if (n <= 0) return out_fd_ >= 0 || err_fd_ >= 0;
    char buffer[65536];
    int* fdp[2] = {&out_fd_, &err_fd_};
    std::string* sinks[2] = {&out_, &err_};
    for (int i = 0; i < 2; ++i) {
        if (*fdp[i] < 0 || fds[i].revents == 0) continue;
        ssize_t got = ::read(*fdp[i], buffer, sizeof buffer);
        if (got > 0) {
            sinks[i]->append(buffer, static_cast<size_t>(got));
        } else if (got == 0 || errno != EINTR) {
            ::close(*fdp[i]);
            *fdp[i] = -1;
        }
    }
    // A closed descriptor polls as -1 and is ignored next time.
    return out_fd_ >= 0 || err_fd_ >= 0;
}

std::optional<std::string> Child::read_line(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        size_t newline = out_.find('\n');
        if (newline != std::string::npos) {
            std::string line = out_.substr(0, newline);
            out_.erase(0, newline + 1);
            return line;
        }
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || out_fd_ < 0) return std::nullopt;
        pump(left);
    }
}

Outcome Child::finish(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    bool pipes_open = true;
    for (;;) {
        if (!status_) {
            auto ended = process_->try_wait();
            if (!ended) throw std::runtime_error(ended.message());
            if (ended->has_value()) status_ = (*ended)->wait_status;
        }
        if (status_ && !pipes_open) break;
        if (std::chrono::steady_clock::now() >= deadline) {
            if (!status_) {
                process_->kill(SIGKILL);
                err_ += "\n[test harness: killed after timeout]";
                auto killed = process_->wait();
                if (!killed) throw std::runtime_error(killed.message());
                status_ = killed->wait_status;
            }
            break;  // output pipes still held by a descendant: give up on them
        }
        if (pipes_open) {
            pipes_open = pump(std::chrono::milliseconds(50));
        } else {
            ::usleep(5000);
        }
    }
    return Outcome{*status_, out_, err_};
}

Outcome run(const Command& command, std::chrono::milliseconds timeout) {
    Child child(command);
    return child.finish(timeout);
}

}  // namespace squashrun::test
