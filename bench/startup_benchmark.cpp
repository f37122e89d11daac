// Startup benchmark: a tiny AppImage against the same AppRun run from a plain directory.
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

using namespace squashrun::bench;

namespace {

std::string make_appimage(const std::string& dir, const std::string& runtime,
                          const std::string& name) {
    std::string out = dir + "/" + name;
    shell("cat '" + runtime + "' '" + dir + "/payload.sqfs' > '" + out + "' && chmod 755 '" + out +
          "'");
    return out;
}

double time_one(const std::string& path, const std::string& mount_dir) {
    double ms = time_spawn({{path}, {}, {}});
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

    std::vector<std::string> paths = {appdir + "/AppRun",
                                      make_appimage(dir, SQUASHRUN_RUNTIME, "squashrun.AppImage")};
    std::vector<Series> series = {{"floor (AppRun from a directory)", {}},
                                  {"squashrun AppImage", {}}};
    if (!reference.empty()) {
        paths.push_back(make_appimage(dir, reference, "reference.AppImage"));
        series.push_back({"reference runtime AppImage", {}});
    }
    for (const auto& app : apps) {
        paths.push_back(app);
        series.push_back({app.substr(app.rfind('/') + 1), {}});
    }
    for (int i = 0; i < 20; ++i) {
        for (const auto& path : paths)
            time_one(path, dir);  // warm-up
    }
    for (int i = 0; i < runs; ++i) {
        for (size_t s = 0; s < series.size(); ++s)
            series[s].ms.push_back(time_one(paths[s], dir));
    }

    std::printf("startup benchmark: %d interleaved runs each, %u cores\n", runs,
                std::thread::hardware_concurrency());
    print_table(series);
    const double floor = series[0].median();
    for (size_t i = 1; i < series.size(); ++i) {
        std::printf("%s: overhead over floor %.3f ms, ratio %.2fx\n", series[i].label.c_str(),
                    series[i].median() - floor, series[i].median() / floor);
    }
    remove_dir(dir);
    return 0;
}
