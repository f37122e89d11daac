// Startup benchmark: a tiny AppImage against the same AppRun run from a plain directory,
// with a private mount per launch (SQUASHRUN_MOUNT_GRACE=0) and reusing a shared mount.
//
// Both are timed in one interleaved loop (spawn to exit), so machine noise hits both alike.
// Reports the medians, the AppImage's overhead over the floor and their ratio.
// Options: --runs N (default 300), --reference RUNTIME (also time an AppImage made with
// another runtime, e.g. the reference type 2 runtime, in the same loop), --app APPIMAGE
// (also time an existing AppImage, e.g. the Python example; repeatable).
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.hpp"
#include "cleanup.hpp"

using namespace squashrun::bench;

namespace {

std::string make_appimage(const std::string& dir, const std::string& runtime,
                          const std::string& name) {
    std::string out = dir + "/" + name;
    shell("cat '" + runtime + "' '" + dir + "/payload.sqfs' > '" + out + "' && chmod 755 '" + out +
          "'");
    return out;
}

double time_one(const std::string& path, const std::vector<std::string>& env,
                const std::string& mount_dir) {
    double ms = time_spawn({{path}, env, {}});
    // Not timed: let the previous server finish unmounting so runs do not overlap.
    wait_for_no_mounts(mount_dir);
    return ms;
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 300;
    std::string reference;
    std::vector<std::string> apps;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--runs" && i + 1 < argc) {
            runs = std::atoi(argv[++i]);
        } else if (arg == "--app" && i + 1 < argc) {
            apps.emplace_back(argv[++i]);
        } else if (arg == "--reference" && i + 1 < argc) {
            reference = argv[++i];
        } else {
            std::fprintf(stderr,
                         "usage: startup_benchmark [--runs N] [--reference RUNTIME] "
                         "[--app APPIMAGE]...\n");
            return 2;
        }
    }
    std::string dir = make_temp_dir("/tmp", "squashrun-bench");
    std::string appdir = dir + "/AppDir";
    mkdir(appdir.c_str(), 0755);
    std::ofstream(appdir + "/AppRun") << "#!/bin/sh\nexit 0\n";
    chmod((appdir + "/AppRun").c_str(), 0755);
    shell("mksquashfs '" + appdir + "' '" + dir +
          "/payload.sqfs' -comp zstd -noappend -all-root -quiet -no-progress");
    setenv("TMPDIR", dir.c_str(), 1);

    // Shared mounts go to their own runtime directory, outside `dir`, where the loop waits
    // for each private mount to go.
    std::string run_dir = make_temp_dir("/tmp", "squashrun-bench-run");
    chmod(run_dir.c_str(), 0700);
    // However the run ends: servers stopped (the shared mounts' too), directories removed.
    return run_then_clean_up({dir, run_dir}, [&] {
        const std::vector<std::string> private_mount = {"SQUASHRUN_MOUNT_GRACE=0"};
        const std::vector<std::string> shared_mount = {"SQUASHRUN_MOUNT_GRACE=2",
                                                       "XDG_RUNTIME_DIR=" + run_dir};
        std::string ours = make_appimage(dir, SQUASHRUN_RUNTIME, "squashrun.AppImage");
        std::vector<std::string> paths = {appdir + "/AppRun", ours, ours};
        std::vector<std::vector<std::string>> envs = {{}, private_mount, shared_mount};
        std::vector<Series> series = {{"floor (AppRun from a directory)", {}},
                                      {"squashrun, a private mount per launch", {}},
                                      {"squashrun, the shared mount reused", {}}};
        if (!reference.empty()) {
            paths.push_back(make_appimage(dir, reference, "reference.AppImage"));
            envs.push_back({});
            series.push_back({"reference runtime AppImage", {}});
        }
        for (const auto& app : apps) {
            paths.push_back(app);
            envs.push_back(private_mount);
            series.push_back({app.substr(app.rfind('/') + 1) + ", private mount", {}});
            paths.push_back(app);
            envs.push_back(shared_mount);
            series.push_back({app.substr(app.rfind('/') + 1) + ", shared mount reused", {}});
        }
        for (int i = 0; i < 20; ++i) {
            for (size_t s = 0; s < series.size(); ++s)
                time_one(paths[s], envs[s], dir);  // warm-up
        }
        for (int i = 0; i < runs; ++i) {
            for (size_t s = 0; s < series.size(); ++s)
                series[s].ms.push_back(time_one(paths[s], envs[s], dir));
        }

        std::printf("startup benchmark: %d interleaved runs each, %u cores\n", runs,
                    std::thread::hardware_concurrency());
        print_table(series);
        const double floor = series[0].median();
        for (size_t i = 1; i < series.size(); ++i) {
            std::printf("%s: overhead over floor %.3f ms, ratio %.2fx\n", series[i].label.c_str(),
                        series[i].median() - floor, series[i].median() / floor);
        }
        return 0;
    });
}
