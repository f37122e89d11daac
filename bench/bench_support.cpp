// posix_spawn with an edited environment and a working directory, timed from spawn to exit.
#include "bench_support.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>  // environ

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace squashrun::bench {

double Series::percentile(double p) const {
    if (ms.empty()) return 0;
    auto sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    return sorted[static_cast<size_t>(p * static_cast<double>(sorted.size() - 1))];
}

double time_spawn(const Spawn& spawn) {
    std::vector<std::string> env_strings = spawn.env;
    for (char** e = environ; *e != nullptr; ++e) {
        std::string entry = *e;
        std::string name = entry.substr(0, entry.find('=') + 1);
        bool replaced = std::any_of(spawn.env.begin(), spawn.env.end(),
                                    [&](const std::string& s) { return s.starts_with(name); });
        if (!replaced) env_strings.push_back(entry);
    }
    std::vector<char*> argv, envp;
    for (const auto& a : spawn.argv)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    for (const auto& e : env_strings)
        envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (!spawn.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, spawn.cwd.c_str());
    // The timed programs' output is not the benchmark's.
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);

    auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    int failed = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    int status = -1;
    if (failed == 0) waitpid(pid, &status, 0);
    auto elapsed = std::chrono::steady_clock::now() - start;
    posix_spawn_file_actions_destroy(&actions);
    if (failed != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr, "benchmark: %s failed (%s, status %d)\n", argv[0],
                     failed != 0 ? std::strerror(failed) : "ran", status);
        std::exit(1);
    }
    return std::chrono::duration<double, std::milli>(elapsed).count();
}

void shell(const std::string& command) {
    if (std::system(command.c_str()) != 0) {
        std::fprintf(stderr, "benchmark: failed: %s\n", command.c_str());
        std::exit(1);
    }
}

std::string make_temp_dir(const std::string& parent, const std::string& prefix) {
    std::string templ = parent + "/" + prefix + "-XXXXXX";
    if (mkdtemp(templ.data()) == nullptr) {
        std::perror("benchmark: mkdtemp");
        std::exit(1);
    }
    return templ;
}

void wait_for_no_mounts(const std::string& dir) {
    for (;;) {
        std::ifstream in("/proc/self/mountinfo");
        std::ostringstream text;
        text << in.rdbuf();
        if (text.str().find(" " + dir + "/") == std::string::npos) return;
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
}

void remove_dir(const std::string& dir) {
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::error_code error;
        std::filesystem::remove_all(dir, error);
        if (!error) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::fprintf(stderr, "benchmark: could not remove %s\n", dir.c_str());
}

void print_table(const std::vector<Series>& series) {
    std::printf("%-44s %10s %10s %10s\n", "", "median ms", "p10 ms", "p90 ms");
    for (const auto& s : series) {
        std::printf("%-44s %10.3f %10.3f %10.3f\n", s.label.c_str(), s.median(), s.percentile(0.1),
                    s.percentile(0.9));
    }
}

}  // namespace squashrun::bench
