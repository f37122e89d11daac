// fork/exec with pipes and a poll loop, for integration tests.
#include "process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace squashrun::test {

bool Outcome::exited() const {
    return WIFEXITED(status);
}
int Outcome::exit_code() const {
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
int Outcome::signal() const {
    return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
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
    std::vector<std::string> env_strings;
    for (char** e = environ; *e != nullptr; ++e) {
        std::string entry = *e;
        std::string key = entry.substr(0, entry.find('='));
        if (command.env.count(key) == 0) env_strings.push_back(entry);
    }
    for (const auto& [key, value] : command.env) {
        if (value) env_strings.push_back(key + "=" + *value);
    }
    std::vector<char*> envp, argv;
    for (auto& s : env_strings)
        envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> args = command.argv;
    for (auto& s : args)
        argv.push_back(s.data());
    argv.push_back(nullptr);

    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE})
            ::signal(s, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::dup2(in[0], 0);
        ::dup2(out[1], 1);
        ::dup2(err[1], 2);
        if (!command.cwd.empty() && ::chdir(command.cwd.c_str()) != 0) ::_exit(126);
        ::execve(argv[0], argv.data(), envp.data());
        std::fprintf(stderr, "exec %s: %s\n", argv[0], std::strerror(errno));
        ::_exit(126);
    }
    ::close(out[1]);
    ::close(err[1]);
    ::close(in[0]);
    out_fd_ = out[0];
    err_fd_ = err[0];
    ::signal(SIGPIPE, SIG_IGN);
    // A writer thread, so a child that answers while it reads cannot deadlock with us.
    writer_ = std::thread([fd = in[1], input = command.input] {
        size_t done = 0;
        while (done < input.size()) {
            ssize_t n = ::write(fd, input.data() + done, input.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            done += static_cast<size_t>(n);
        }
        ::close(fd);
    });
}

Child::~Child() {
    if (!status_ && pid_ > 0) {
        ::kill(pid_, SIGKILL);
        int st = 0;
        ::waitpid(pid_, &st, 0);
    }
    if (writer_.joinable()) writer_.join();
    if (out_fd_ >= 0) ::close(out_fd_);
    if (err_fd_ >= 0) ::close(err_fd_);
}

void Child::send(int signal_number) const {
    ::kill(pid_, signal_number);
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
            int st = 0;
            if (::waitpid(pid_, &st, WNOHANG) == pid_) status_ = st;
        }
        if (status_ && !pipes_open) break;
        if (std::chrono::steady_clock::now() >= deadline) {
            if (!status_) {
                ::kill(pid_, SIGKILL);
                err_ += "\n[test harness: killed after timeout]";
                int st = 0;
                ::waitpid(pid_, &st, 0);
                status_ = st;
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
