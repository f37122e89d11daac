// Startup of real Python payloads: the same tree run from a plain directory, from the kernel's
// squashfs (a loop mount, as root), and from the AppImage with a mount per launch, a first
// launch that finds no mount, and a launch repeated within the grace period; then 16 at once.
//
// Payloads: a Python standard library with its __pycache__ and an AppRun that imports a few
// modules (built here from the host's python3.11), and the Python example AppImage
// (--example APPIMAGE APPDIR, as the build made them). All series of a payload are timed in
// one interleaved loop with every file in the page cache. Options: --runs N (default 30),
// --rounds N (16-at-once rounds, default 8), --reference RUNTIME (also an AppImage of the same
// payload made with another runtime, e.g. the reference type 2 runtime), --changes (instead:
// what each of the mount server's changes buys, see bench_changes; --before RUNTIME adds the
// runtime from before them).
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.hpp"
#include "cleanup.hpp"

using namespace squashrun::bench;

namespace {

constexpr int kSimultaneous = 16;

struct Payload {
    std::string name;
    std::string appdir;          // the plain directory
    std::string appimage;        // ours
    std::string reference;       // the same payload behind the reference runtime, or ""
    std::string loop_dir;        // where the kernel mounted the payload, or ""
    std::string private_mounts;  // under which the runtime's private mounts appear (TMPDIR)
};

// How one series launches: the program and the environment it adds.
struct Launch {
    std::string label;
    std::string program;
    std::vector<std::string> env;
    std::string wait_dir;  // after each run, wait until no mount is left under it ("" none)
};

std::string payload_offset(const std::string& appimage, const std::string& dir) {
    std::string out = dir + "/offset";
    shell("'" + appimage + "' --appimage-offset > '" + out + "'");
    std::ifstream in(out);
    std::string offset;
    in >> offset;
    return offset;
}

// The host's Python 3.11 and its standard library (tests and GUI toolkits left out), with an
// AppRun that imports a handful of modules in isolated mode.
std::string build_stdlib_appdir(const std::string& dir) {
    std::string appdir = dir + "/StdlibAppDir";
    shell("mkdir -p '" + appdir + "/usr/bin' '" + appdir + "/usr/lib' && cp /usr/bin/python3.11 '" +
          appdir + "/usr/bin/' && tar -C /usr/lib -cf - --exclude=test --exclude=tests " +
          "--exclude=idlelib --exclude=tkinter --exclude=turtledemo --exclude=ensurepip " +
          "--exclude=lib2to3 --exclude=site-packages --exclude=dist-packages python3.11 | tar " +
          "-C '" + appdir + "/usr/lib' -xpf -");
    std::ofstream(appdir + "/AppRun")
        << "#!/bin/sh\nd=${APPDIR:-${0%/*}}\nPYTHONHOME=$d/usr exec \"$d/usr/bin/python3.11\" -I "
           "-c 'import json, email, http.client, argparse, decimal'\n";
    chmod((appdir + "/AppRun").c_str(), 0755);
    return appdir;
}

std::string cat_appimage(const std::string& runtime, const std::string& sqfs,
                         const std::string& out) {
    shell("cat '" + runtime + "' '" + sqfs + "' > '" + out + "' && chmod 755 '" + out + "'");
    return out;
}

// A loop mount of the payload inside `appimage`, or "" when this is not root or it fails.
std::string loop_mount(const std::string& appimage, const std::string& point) {
    if (::geteuid() != 0) return "";
    mkdir(point.c_str(), 0755);
    std::string command = "mount -t squashfs -o ro,loop,offset=" +
                          payload_offset(appimage, std::filesystem::path(point).parent_path()) +
                          " '" + appimage + "' '" + point + "' 2>/dev/null";
    if (std::system(command.c_str()) != 0) {
        rmdir(point.c_str());
        return "";
    }
    return point;
}

// The processes started as `launch`'s program: its mount servers, once its apps are gone.
std::vector<int> started_as(const Launch& launch) {
    if (launch.wait_dir.empty()) return {};
    return processes_started_as([&](const std::string& argv0) { return argv0 == launch.program; });
}

// Not timed: after a run of `launch`, its mount is gone and the servers it started have
// exited (`before`: those already there), so their unmounting and exit do not overlap the
// next run, of whichever series.
void settle(const Launch& launch, const std::vector<int>& before) {
    if (launch.wait_dir.empty()) return;
    wait_for_no_mounts(launch.wait_dir);
    auto started_here = [&](int pid) { return std::ranges::find(before, pid) == before.end(); };
    for (int i = 0; i < 200 && std::ranges::any_of(started_as(launch), started_here); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

double time_launch(const Launch& launch) {
    std::vector<int> before = started_as(launch);
    double ms = time_spawn({{launch.program}, launch.env, {}});
    settle(launch, before);
    return ms;
}

// Starts `count` launches at once and waits for all; the wall time of the whole.
double time_together(const Launch& launch, int count) {
    std::vector<int> before = started_as(launch);
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    threads.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i)
        threads.emplace_back([&] { (void)time_spawn({{launch.program}, launch.env, {}}); });
    for (auto& thread : threads)
        thread.join();
    auto elapsed = std::chrono::steady_clock::now() - start;
    settle(launch, before);
    return std::chrono::duration<double, std::milli>(elapsed).count();
}

struct RunDirs {
    std::string fresh;   // shared mounts with a grace period of 1 ms: each launch finds none
    std::string shared;  // shared mounts kept between launches
};

std::vector<Launch> launches_of(const Payload& p, const RunDirs& run) {
    std::vector<Launch> launches = {{"plain directory", p.appdir + "/AppRun", {}, ""}};
    if (!p.loop_dir.empty()) {
        launches.push_back({"kernel squashfs, loop mount", p.loop_dir + "/AppRun", {}, ""});
    }
    launches.push_back({"squashrun, mount per launch (GRACE=0)",
                        p.appimage,
                        {"SQUASHRUN_MOUNT_GRACE=0"},
                        p.private_mounts});
    // The first launch ever (nothing recorded to prefetch yet: it records), then a first
    // launch of a later session, which replays that recording.
    launches.push_back({"squashrun, first launch, nothing recorded",
                        p.appimage,
                        {"SQUASHRUN_MOUNT_GRACE=0.001", "XDG_RUNTIME_DIR=" + run.fresh,
                         "SQUASHRUN_SERVE_OFF=prefetch"},
                        run.fresh});
    launches.push_back({"squashrun, first launch, no mount yet",
                        p.appimage,
                        {"SQUASHRUN_MOUNT_GRACE=0.001", "XDG_RUNTIME_DIR=" + run.fresh},
                        run.fresh});
    launches.push_back({"squashrun, repeated within the grace",
                        p.appimage,
                        {"SQUASHRUN_MOUNT_GRACE=600", "XDG_RUNTIME_DIR=" + run.shared},
                        ""});
    if (!p.reference.empty()) {
        launches.push_back({"reference runtime, mount per launch", p.reference, {}, ""});
    }
    return launches;
}

void report(const std::vector<Series>& series, const std::string& unit) {
    print_table(series);
    const double plain = series[0].median();
    for (size_t i = 1; i < series.size(); ++i) {
        std::printf("  %-44s %.2fx the plain directory%s\n", series[i].label.c_str(),
                    series[i].median() / plain, unit.c_str());
    }
}

// The mount server's resident memory when it has only mounted (--appimage-mount), and after
// the launches (the shared mount kept within its grace period).
void report_memory(const Payload& p) {
    std::vector<int> kept = mount_servers(p.appimage);
    long kept_kib = -1;
    for (int pid : kept)
        kept_kib = std::max(kept_kib, resident_kib(pid));
    shell("(SQUASHRUN_MOUNT_GRACE=0 '" + p.appimage + "' --appimage-mount > /dev/null &)");
    long idle_kib = -1;
    for (int i = 0; i < 500 && idle_kib < 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        for (int pid : mount_servers(p.appimage)) {
            if (std::find(kept.begin(), kept.end(), pid) == kept.end())
                idle_kib = resident_kib(pid);
        }
    }
    shell("pkill -TERM -x -f -- '" + p.appimage + " --appimage-mount' || true");
    std::printf(
        "  mount server resident memory: %ld KiB mounted and idle, %ld KiB after the "
        "launches\n",
        idle_kib, kept_kib);
}

void bench_payload(const Payload& p, const RunDirs& run, int runs, int rounds) {
    std::vector<Launch> launches = launches_of(p, run);
    std::vector<Series> one(launches.size());
    std::vector<Series> together(launches.size());
    for (size_t s = 0; s < launches.size(); ++s)
        one[s].label = together[s].label = launches[s].label;
    for (int i = 0; i < 3; ++i) {
        for (const Launch& launch : launches)
            time_launch(launch);  // warm-up: page cache, the shared mount
    }
    for (int i = 0; i < runs; ++i) {
        for (size_t s = 0; s < launches.size(); ++s)
            one[s].ms.push_back(time_launch(launches[s]));
    }
    for (int i = 0; i < rounds; ++i) {
        for (size_t s = 0; s < launches.size(); ++s)
            together[s].ms.push_back(time_together(launches[s], kSimultaneous));
    }
    std::printf("\n== %s: one launch at a time, %d interleaved runs each\n", p.name.c_str(), runs);
    report(one, "");
    std::printf("\n== %s: %d launches at once (wall time of all), %d interleaved rounds\n",
                p.name.c_str(), kSimultaneous, rounds);
    report(together, " (16 at once)");
    report_memory(p);
}

// What each of the mount server's changes buys: every one turned off in turn
// (SQUASHRUN_SERVE_OFF), and the runtime from before them (`before`, if given), each timed as
// a first launch and as a repeated one, interleaved with the plain directory.
void bench_changes(const Payload& p, const RunDirs& run, int runs, const std::string& before) {
    struct Variant {
        std::string label;
        std::string program;
        std::string off;
    };
    std::vector<Variant> variants = {{"all changes", p.appimage, ""}};
    for (const char* name : {"negative", "no-open", "readdirplus", "xattrs", "ioctl", "caches",
                             "threads", "prefetch", "paths"}) {
        variants.push_back({std::string("without ") + name, p.appimage, name});
    }
    if (!before.empty()) variants.push_back({"the runtime before them", before, ""});
    std::vector<Launch> launches = {{"plain directory", p.appdir + "/AppRun", {}, ""}};
    for (size_t v = 0; v < variants.size(); ++v) {
        std::string kept = run.shared + "/" + std::to_string(v);  // its own kept mount
        mkdir(kept.c_str(), 0700);
        std::string off = "SQUASHRUN_SERVE_OFF=" + variants[v].off;
        launches.push_back({variants[v].label + ", first launch",
                            variants[v].program,
                            {"SQUASHRUN_MOUNT_GRACE=0.001", "XDG_RUNTIME_DIR=" + run.fresh, off},
                            run.fresh});
        launches.push_back({variants[v].label + ", repeated",
                            variants[v].program,
                            {"SQUASHRUN_MOUNT_GRACE=600", "XDG_RUNTIME_DIR=" + kept, off},
                            ""});
    }
    std::vector<Series> series(launches.size());
    for (size_t s = 0; s < launches.size(); ++s)
        series[s].label = launches[s].label;
    for (int i = 0; i < 2; ++i) {
        for (const Launch& launch : launches)
            time_launch(launch);
    }
    for (int i = 0; i < runs; ++i) {
        for (size_t s = 0; s < launches.size(); ++s)
            series[s].ms.push_back(time_launch(launches[s]));
    }
    std::printf("\n== %s: each change turned off in turn, %d interleaved runs each\n",
                p.name.c_str(), runs);
    report(series, "");
    const double plain = series[0].median();
    std::printf("\n%-34s %22s %22s\n", "", "first launch", "repeated");
    for (size_t v = 0; v < variants.size(); ++v) {
        const Series& first = series[1 + 2 * v];
        const Series& again = series[2 + 2 * v];
        std::printf("%-34s %9.1f ms %6.2fx %9.1f ms %6.2fx\n", variants[v].label.c_str(),
                    first.median(), first.median() / plain, again.median(), again.median() / plain);
    }
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 30;
    int rounds = 8;
    std::string reference;
    std::string before;
    bool changes = false;
    std::string example_appimage;
    std::string example_appdir;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--runs" && i + 1 < argc) {
            runs = std::atoi(argv[++i]);
        } else if (arg == "--rounds" && i + 1 < argc) {
            rounds = std::atoi(argv[++i]);
        } else if (arg == "--reference" && i + 1 < argc) {
            reference = argv[++i];
        } else if (arg == "--changes") {
            changes = true;
        } else if (arg == "--before" && i + 1 < argc) {
            before = argv[++i];
        } else if (arg == "--example" && i + 2 < argc) {
            example_appimage = argv[++i];
            example_appdir = argv[++i];
        } else {
            std::fprintf(stderr,
                         "usage: python_startup_benchmark [--runs N] [--rounds N] "
                         "[--reference RUNTIME] [--example APPIMAGE APPDIR] [--changes "
                         "[--before RUNTIME]]\n");
            return 2;
        }
    }
    if (access("/usr/bin/python3.11", X_OK) != 0) {
        std::fprintf(stderr, "python_startup_benchmark: /usr/bin/python3.11 is needed\n");
        return 2;
    }
    std::string dir = make_temp_dir("/tmp", "squashrun-pybench");
    setenv("TMPDIR", dir.c_str(), 1);
    RunDirs run{make_temp_dir("/tmp", "squashrun-pybench-fresh"),
                make_temp_dir("/tmp", "squashrun-pybench-run")};
    chmod(run.fresh.c_str(), 0700);
    chmod(run.shared.c_str(), 0700);

    // Outside `dir`, where the per-launch series waits for its private mounts to go.
    std::string loops = make_temp_dir("/tmp", "squashrun-pybench-loop");
    // However the run ends: loop mounts detached, servers stopped, directories removed.
    return run_then_clean_up({dir, run.fresh, run.shared, loops}, [&] {
        std::vector<Payload> payloads;
        {
            Payload p;
            p.name =
                "Python 3.11 standard library, AppRun imports json, email, http.client, "
                "argparse, decimal";
            p.appdir = build_stdlib_appdir(dir);
            std::string sqfs = dir + "/stdlib.sqfs";
            shell("mksquashfs '" + p.appdir + "' '" + sqfs +
                  "' -comp zstd -b 65536 -noappend -all-root -quiet -no-progress");
            p.appimage = cat_appimage(SQUASHRUN_RUNTIME, sqfs, dir + "/Stdlib.AppImage");
            p.private_mounts = dir;
            if (!reference.empty()) {
                p.reference = cat_appimage(reference, sqfs, dir + "/Stdlib.reference.AppImage");
            }
            if (!before.empty())
                before = cat_appimage(before, sqfs, dir + "/Stdlib.before.AppImage");
            std::string entries = dir + "/entries";
            shell("find '" + p.appdir + "' | wc -l > '" + entries + "'");
            std::ifstream in(entries);
            std::string count;
            in >> count;
            p.name += " (" + count + " entries, zstd, 64K blocks)";
            payloads.push_back(p);
        }
        if (!example_appimage.empty()) {
            Payload p;
            p.name = "the Python example, " +
                     std::filesystem::path(example_appimage).filename().string();
            p.appdir = example_appdir;
            // A copy, so its private mounts land in this benchmark's TMPDIR next to it.
            p.appimage = dir + "/Example.AppImage";
            shell("cp '" + example_appimage + "' '" + p.appimage + "'");
            p.private_mounts = dir;
            if (!reference.empty()) {
                std::string sqfs = dir + "/example.sqfs";
                std::string offset = payload_offset(example_appimage, dir);
                shell("tail -c +$((" + offset + " + 1)) '" + example_appimage + "' > '" + sqfs +
                      "'");
                p.reference = cat_appimage(reference, sqfs, dir + "/Example.reference.AppImage");
            }
            payloads.push_back(p);
        }
        for (size_t i = 0; i < payloads.size(); ++i) {
            payloads[i].loop_dir =
                loop_mount(payloads[i].appimage, loops + "/" + std::to_string(i));
        }

        std::printf("python startup benchmark: %u cores\n", std::thread::hardware_concurrency());
        if (changes) {
            bench_changes(payloads[0], run, runs, before);
        } else {
            for (const Payload& p : payloads)
                bench_payload(p, run, runs, rounds);
        }
        return 0;
    });
}
