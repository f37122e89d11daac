// os::run with an edited environment and a working directory, timed from spawn to exit.
#include "bench_support.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/apprun/env_plan.hpp"
#include "os/environment.hpp"
#include "os/spawn.hpp"

namespace squashrun::bench {

double Series::percentile(double p) const {
    if (ms.empty()) return 0;
    auto sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    return sorted[static_cast<size_t>(p * static_cast<double>(sorted.size() - 1))];
}

double time_spawn(const Spawn& spawn) {
    core::Environment env = core::environment_from(os::current_environment());
    for (const auto& [name, value] : core::environment_from(spawn.env))
        env.insert_or_assign(name, value);
    os::ProcessSpec spec;
    spec.argv = spawn.argv;
    spec.env = core::environment_entries(env);
    spec.cwd = spawn.cwd;
    spec.out = os::Stdio::null();  // the timed programs' output is not the benchmark's

    auto start = std::chrono::steady_clock::now();
    auto ran = os::run(spec);
    auto elapsed = std::chrono::steady_clock::now() - start;
    if (!ran || !ran->status.succeeded()) {
        std::string why = ran ? ran->status.describe() : ran.message();
        std::fprintf(stderr, "benchmark: %s failed (%s)\n", spawn.argv[0].c_str(), why.c_str());
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

std::vector<int> processes_started_as(const std::function<bool(const std::string&)>& match) {
    std::vector<int> pids;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        std::string name = entry.path().filename();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream cmdline(entry.path() / "cmdline");
        std::string argv0;
        std::getline(cmdline, argv0, '\0');
        if (match(argv0)) pids.push_back(std::stoi(name));
    }
    return pids;
}

std::vector<int> mount_servers(const std::string& appimage) {
    std::vector<int> pids;
    for (int pid :
         processes_started_as([&](const std::string& argv0) { return argv0 == appimage; })) {
        std::error_code error;
        auto fds = std::filesystem::path("/proc") / std::to_string(pid) / "fd";
        for (const auto& fd : std::filesystem::directory_iterator(fds, error)) {
            if (std::filesystem::read_symlink(fd.path(), error) == "/dev/fuse") {
                pids.push_back(pid);
                break;
            }
        }
    }
    return pids;
}

long resident_kib(int pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);) {
        if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
    }
    return -1;
}

void print_table(const std::vector<Series>& series) {
    std::printf("%-44s %10s %10s %10s\n", "", "median ms", "p10 ms", "p90 ms");
    for (const auto& s : series) {
        std::printf("%-44s %10.3f %10.3f %10.3f\n", s.label.c_str(), s.median(), s.percentile(0.1),
                    s.percentile(0.9));
    }
}

}  // namespace squashrun::bench
