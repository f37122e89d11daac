// The benchmark's work in a child; the parent stops, unmounts and removes what it left.
#include "cleanup.hpp"

#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "bench_support.hpp"

namespace squashrun::bench {
namespace {

pid_t g_child = 0;  // for the signal handler

void pass_on(int signal_number) {
    if (g_child > 0) ::kill(g_child, signal_number);
}

bool under(const std::string& path, const std::vector<std::string>& dirs) {
    for (const std::string& dir : dirs) {
        if (path.starts_with(dir + "/")) return true;
    }
    return false;
}

// Processes whose argv[0] is a file under `dirs`.
std::vector<pid_t> started_from(const std::vector<std::string>& dirs) {
    std::vector<pid_t> pids;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        std::string name = entry.path().filename();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream cmdline(entry.path() / "cmdline");
        std::string argv0;
        std::getline(cmdline, argv0, '\0');
        if (under(argv0, dirs)) pids.push_back(std::stoi(name));
    }
    return pids;
}

// SIGTERM (a mount server then unmounts and exits), up to 3 s, then SIGKILL.
void stop_processes(const std::vector<std::string>& dirs) {
    for (pid_t pid : started_from(dirs))
        ::kill(pid, SIGTERM);
    for (int i = 0; i < 150 && !started_from(dirs).empty(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    for (pid_t pid : started_from(dirs))
        ::kill(pid, SIGKILL);
}

// Mount points under `dirs`, the deepest (the last mounted) first.
std::vector<std::string> mounts_under(const std::vector<std::string>& dirs) {
    std::vector<std::string> points;
    std::ifstream in("/proc/self/mountinfo");
    for (std::string line; std::getline(in, line);) {
        std::istringstream fields(line);
        std::string id, parent, device, root, point;
        fields >> id >> parent >> device >> root >> point;
        if (under(point, dirs)) points.insert(points.begin(), point);
    }
    return points;
}

}  // namespace

int run_then_clean_up(const std::vector<std::string>& dirs, const std::function<int()>& work) {
    std::fflush(nullptr);
    pid_t child = ::fork();
    if (child < 0) {
        std::perror("benchmark: fork");
        std::exit(1);
    }
    if (child == 0) {
        int status = work();
        std::fflush(nullptr);
        ::_exit(status);
    }
    g_child = child;
    struct sigaction action {};
    action.sa_handler = pass_on;
    sigemptyset(&action.sa_mask);
    for (int s : {SIGINT, SIGTERM, SIGHUP})
        ::sigaction(s, &action, nullptr);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    g_child = 0;
    stop_processes(dirs);
    for (const std::string& point : mounts_under(dirs))
        ::umount2(point.c_str(), MNT_DETACH);
    for (const std::string& dir : dirs) {
        wait_for_no_mounts(dir);
        remove_dir(dir);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace squashrun::bench
