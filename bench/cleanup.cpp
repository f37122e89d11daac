// The benchmark's work in a child; the parent stops, unmounts and removes what it left.
#include "cleanup.hpp"

#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "bench_support.hpp"
#include "core/format/mountinfo.hpp"

namespace squashrun::bench {
namespace {

volatile sig_atomic_t g_child = 0;  // the child's process group, for the signal handler

void pass_on(int signal_number) {
    if (g_child > 0) ::kill(-static_cast<pid_t>(g_child), signal_number);
}

bool under(const std::string& path, const std::vector<std::string>& dirs) {
    for (const std::string& dir : dirs) {
        if (path.starts_with(dir + "/")) return true;
    }
    return false;
}

// Processes whose argv[0] is a file under `dirs`.
std::vector<int> started_from(const std::vector<std::string>& dirs) {
    return processes_started_as([&](const std::string& argv0) { return under(argv0, dirs); });
}

// SIGTERM (a mount server then unmounts and exits), up to 3 s, then SIGKILL.
void stop_processes(const std::vector<std::string>& dirs) {
    for (int pid : started_from(dirs))
        ::kill(pid, SIGTERM);
    for (int i = 0; i < 150 && !started_from(dirs).empty(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    for (int pid : started_from(dirs))
        ::kill(pid, SIGKILL);
}

// Mount points under `dirs`, the deepest (the last mounted) first.
std::vector<std::string> mounts_under(const std::vector<std::string>& dirs) {
    std::vector<std::string> points;
    std::ifstream in("/proc/self/mountinfo");
    std::ostringstream text;
    text << in.rdbuf();
    for (const core::MountEntry& entry : core::parse_mountinfo(text.str())) {
        if (under(entry.mount_point, dirs)) points.insert(points.begin(), entry.mount_point);
    }
    return points;
}

// Detached as root; else through fusermount (a mount of a killed FUSE server), then waited
// for, up to 5 s.
void unmount_all(const std::vector<std::string>& dirs) {
    for (const std::string& point : mounts_under(dirs)) {
        if (::umount2(point.c_str(), MNT_DETACH) == 0) continue;
        std::string command = "fusermount3 -u -z '";
        command += point;
        command += "' 2>/dev/null || fusermount -u -z '";
        command += point;
        command += "' 2>/dev/null";
        (void)!std::system(command.c_str());
    }
    for (int i = 0; i < 250 && !mounts_under(dirs).empty(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    for (const std::string& point : mounts_under(dirs))
        std::fprintf(stderr, "benchmark: still mounted: %s\n", point.c_str());
}

}  // namespace

int run_then_clean_up(const std::vector<std::string>& dirs, const std::function<int()>& work) {
    // The handlers go in first, with the signals held back until the child's group is known.
    constexpr std::array<int, 3> kSignals = {SIGINT, SIGTERM, SIGHUP};
    sigset_t interrupts, saved_mask;
    sigemptyset(&interrupts);
    for (int s : kSignals)
        sigaddset(&interrupts, s);
    ::sigprocmask(SIG_BLOCK, &interrupts, &saved_mask);
    struct sigaction action {};
    std::array<struct sigaction, kSignals.size()> saved{};
    action.sa_handler = pass_on;
    action.sa_mask = interrupts;
    for (size_t i = 0; i < kSignals.size(); ++i)
        ::sigaction(kSignals[i], &action, &saved[i]);
    std::fflush(nullptr);
    pid_t child = ::fork();
    if (child < 0) {
        std::perror("benchmark: fork");
        std::exit(1);
    }
    if (child == 0) {
        // A process group of its own: whatever it starts is stopped with it.
        ::setpgid(0, 0);
        for (size_t i = 0; i < kSignals.size(); ++i)
            ::sigaction(kSignals[i], &saved[i], nullptr);
        ::sigprocmask(SIG_SETMASK, &saved_mask, nullptr);
        int status = work();
        std::fflush(nullptr);
        ::_exit(status);
    }
    ::setpgid(child, child);  // from here too, so that it holds before the first signal
    g_child = child;
    ::sigprocmask(SIG_SETMASK, &saved_mask, nullptr);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    ::kill(-child, SIGTERM);  // what it started and left running
    g_child = 0;
    stop_processes(dirs);
    unmount_all(dirs);
    for (const std::string& dir : dirs)
        remove_dir(dir);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace squashrun::bench
