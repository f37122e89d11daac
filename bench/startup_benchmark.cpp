// Startup benchmark: a tiny AppImage against the same AppRun run from a plain directory.
//
// Both are timed in one interleaved loop (spawn to exit), so machine noise hits both alike.
// Reports the medians, the AppImage's overhead over the floor and their ratio.
// Options: --runs N (default 300), --reference RUNTIME (also time an AppImage made with
// another runtime, e.g. the reference type 2 runtime, in the same loop).
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

int spawn_and_wait(const std::string& path) {
    char* argv[] = {const_cast<char*>(path.c_str()), nullptr};
    pid_t pid = 0;
    if (posix_spawn(&pid, path.c_str(), nullptr, nullptr, argv, environ) != 0) return -1;
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool has_mount_under(const std::string& dir) {
    return slurp("/proc/self/mountinfo").find(" " + dir + "/") != std::string::npos;
}

bool run_checked(const std::string& command) {
    return std::system(command.c_str()) == 0;
}

std::string make_appimage(const std::string& dir, const std::string& runtime,
                          const std::string& name) {
    std::string out = dir + "/" + name;
    if (!run_checked("cat '" + runtime + "' '" + dir + "/payload.sqfs' > '" + out +
                     "' && chmod 755 '" + out + "'")) {
        std::fprintf(stderr, "startup_benchmark: cannot assemble %s\n", out.c_str());
        std::exit(1);
    }
    return out;
}

struct Series {
    std::string label;
    std::string path;
    std::vector<double> ms;
    double median() const {
        auto v = ms;
        std::sort(v.begin(), v.end());
        return v.empty() ? 0 : v[v.size() / 2];
    }
    double percentile(double p) const {
        auto v = ms;
        std::sort(v.begin(), v.end());
        return v.empty() ? 0 : v[static_cast<size_t>(p * static_cast<double>(v.size() - 1))];
    }
};

double time_one(Series& s, const std::string& mount_dir) {
    auto start = Clock::now();
    int status = spawn_and_wait(s.path);
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (status != 0) {
        std::fprintf(stderr, "startup_benchmark: %s failed (status %d)\n", s.path.c_str(), status);
        std::exit(1);
    }
    // Not timed: let the previous server finish unmounting so runs do not overlap.
    while (has_mount_under(mount_dir))
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    return ms;
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 300;
    std::string reference;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--runs" && i + 1 < argc) {
            runs = std::atoi(argv[++i]);
        } else if (arg == "--reference" && i + 1 < argc) {
            reference = argv[++i];
        } else {
            std::fprintf(stderr, "usage: startup_benchmark [--runs N] [--reference RUNTIME]\n");
            return 2;
        }
    }
    char templ[] = "/tmp/squashrun-bench-XXXXXX";
    std::string dir = mkdtemp(templ);
    std::string appdir = dir + "/AppDir";
    mkdir(appdir.c_str(), 0755);
    {
        std::ofstream apprun(appdir + "/AppRun");
        apprun << "#!/bin/sh\nexit 0\n";
    }
    chmod((appdir + "/AppRun").c_str(), 0755);
    if (!run_checked("mksquashfs '" + appdir + "' '" + dir +
                     "/payload.sqfs' -comp zstd -noappend -all-root -quiet -no-progress")) {
        std::fprintf(stderr, "startup_benchmark: mksquashfs failed\n");
        return 1;
    }
    setenv("TMPDIR", dir.c_str(), 1);

    std::vector<Series> series = {
        {"floor (AppRun from a directory)", appdir + "/AppRun", {}},
        {"squashrun AppImage", make_appimage(dir, SQUASHRUN_RUNTIME, "squashrun.AppImage"), {}}};
    if (!reference.empty()) {
        series.push_back({"reference runtime AppImage",
                          make_appimage(dir, reference, "reference.AppImage"),
                          {}});
    }
    for (int i = 0; i < 20; ++i) {
        for (auto& s : series)
            time_one(s, dir);  // warm-up
    }
    for (int i = 0; i < runs; ++i) {
        for (auto& s : series)
            s.ms.push_back(time_one(s, dir));
    }

    std::printf("startup benchmark: %d interleaved runs each, %u cores\n", runs,
                std::thread::hardware_concurrency());
    std::printf("%-34s %10s %10s %10s\n", "", "median ms", "p10 ms", "p90 ms");
    for (const auto& s : series) {
        std::printf("%-34s %10.3f %10.3f %10.3f\n", s.label.c_str(), s.median(), s.percentile(0.1),
                    s.percentile(0.9));
    }
    const double floor = series[0].median();
    for (size_t i = 1; i < series.size(); ++i) {
        std::printf("%s: overhead over floor %.3f ms, ratio %.2fx\n", series[i].label.c_str(),
                    series[i].median() - floor, series[i].median() / floor);
    }
    run_checked("rm -rf '" + dir + "'");
    return 0;
}
