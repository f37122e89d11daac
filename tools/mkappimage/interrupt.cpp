// A fixed table of paths and an async-signal-safe handler (stop the running tool's process
// group and wait for it; unlink, or for a tree fork and exec rm -rf and wait for it; then
// re-raise).
#include "interrupt.hpp"

#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>

namespace squashrun::mkappimage {
namespace {

constexpr size_t kSlots = 4;
constexpr size_t kPathMax = 4096;
// The signal handler can only reach static storage.
std::array<std::array<char, kPathMax>, kSlots> g_paths{};
std::array<std::atomic<bool>, kSlots> g_used{};
std::array<std::atomic<bool>, kSlots> g_tree{};
std::atomic<pid_t> g_child{0};  // the running tool, which leads its own process group

// The signal passed on to the tool's group (pip cleans up after itself on SIGINT), up to
// 10 s for the tool to end, then SIGKILL; then up to 2 s for the rest of the group (the
// tool's own children) to be gone.
void stop_child_now(int signal_number) {
    pid_t child = g_child.exchange(0);
    if (child <= 0) return;
    ::kill(-child, signal_number);
    timespec pause{0, 10'000'000};  // 10 ms
    int status = 0;
    pid_t ended = 0;
    for (int i = 0; i < 1000 && ended == 0; ++i) {
        ended = ::waitpid(child, &status, WNOHANG);
        if (ended == 0) ::nanosleep(&pause, nullptr);
        if (ended < 0 && errno == EINTR) ended = 0;
    }
    if (ended == 0) {
        ::kill(-child, SIGKILL);
        while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
        }
    }
    for (int i = 0; i < 200 && ::kill(-child, 0) == 0; ++i)
        ::nanosleep(&pause, nullptr);
}

// fork, execve and waitpid are async-signal-safe; walking a tree here would not be.
void remove_tree_now(char* path) {
    pid_t child = ::fork();
    if (child == 0) {
        char rm[] = "/bin/rm";
        char flags[] = "-rf";
        char end[] = "--";
        char* argv[] = {rm, flags, end, path, nullptr};
        char* envp[] = {nullptr};
        ::execve(rm, argv, envp);
        ::_exit(127);
    }
    if (child > 0) {
        int status = 0;
        while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
        }
    }
}

void on_interrupt(int signal_number) {
    stop_child_now(signal_number);
    for (size_t i = 0; i < kSlots; ++i) {
        if (!g_used[i].load()) continue;
        if (g_tree[i].load()) {
            remove_tree_now(g_paths[i].data());
        } else {
            ::unlink(g_paths[i].data());
        }
    }
    ::signal(signal_number, SIG_DFL);
    ::raise(signal_number);
}

constexpr int kInterrupts[] = {SIGINT, SIGTERM, SIGHUP};

sigset_t interrupt_signals() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : kInterrupts)
        sigaddset(&set, s);
    return set;
}

void install_once() {
    static bool installed = false;
    if (installed) return;
    installed = true;
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    action.sa_mask = interrupt_signals();  // one handler at a time: a second signal waits
    for (int s : kInterrupts)
        ::sigaction(s, &action, nullptr);
}

}  // namespace

RemoveOnInterrupt::RemoveOnInterrupt(const std::string& path, bool tree) {
    install_once();
    if (path.size() >= kPathMax) return;
    for (size_t i = 0; i < kSlots; ++i) {
        if (!g_used[i].load()) {
            std::memcpy(g_paths[i].data(), path.c_str(), path.size() + 1);
            g_tree[i].store(tree);
            g_used[i].store(true);
            slot_ = static_cast<int>(i);
            return;
        }
    }
}

StopOnInterrupt::StopOnInterrupt() {
    install_once();
    sigset_t set = interrupt_signals();
    held_ = ::pthread_sigmask(SIG_BLOCK, &set, &saved_) == 0;
}

void StopOnInterrupt::release() {
    if (held_) ::pthread_sigmask(SIG_SETMASK, &saved_, nullptr);
    held_ = false;
}

void StopOnInterrupt::started(pid_t child) {
    g_child.store(child);
    release();  // a signal that came meanwhile is handled now, with the pid known
}

StopOnInterrupt::~StopOnInterrupt() {
    g_child.store(0);
    release();
}

RemoveOnInterrupt::~RemoveOnInterrupt() {
    if (slot_ >= 0) g_used[static_cast<size_t>(slot_)].store(false);
}

}  // namespace squashrun::mkappimage
