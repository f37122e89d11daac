// Extraction benchmark, in one run on the same images:
//  1. first extraction of a realistic tree (the host's Python standard library, ~1,400
//     files) by `--appimage-extract` and by a first extract-and-run launch (hash included),
//     against `unsquashfs` with the same number of threads, interleaved;
//  2. cached extract-and-run launches of that image and of one with a 1 GiB payload,
//     against the floor (the same AppRun started from a plain directory), interleaved.
// Options: --runs N (extraction rounds, default 10), --launches N (default 200),
//          --tree DIR (default: the newest /usr/lib/python3.*), --big-mib N (default 1024,
//          0 skips the large image), --dir DIR (where images are built and extracted,
//          default /tmp; file creation costs differ a lot between file systems).
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.hpp"

using namespace squashrun::bench;
namespace fs = std::filesystem;

namespace {

struct Options {
    int runs = 10;
    int launches = 200;
    std::string tree;
    uint64_t big_mib = 1024;
    std::string dir = "/tmp";
};

std::string default_tree() {
    std::string best;
    for (const auto& e : fs::directory_iterator("/usr/lib")) {
        std::string name = e.path().filename();
        if (name.starts_with("python3.") && fs::exists(e.path() / "os.py") &&
            name.size() >= best.size()) {
            best = std::max(best, e.path().string());
        }
    }
    return best;
}

// An AppDir whose AppRun exits at once, plus `content` (a tree to copy or a size to fill).
std::string make_appdir(const std::string& dir, const std::string& name) {
    std::string appdir = dir + "/" + name;
    fs::create_directories(appdir);
    std::ofstream(appdir + "/AppRun") << "#!/bin/sh\nexit 0\n";
    fs::permissions(appdir + "/AppRun", fs::perms(0755));
    return appdir;
}

// Incompressible bytes, as a large payload of binaries and assets roughly is.
void write_noise(const std::string& path, uint64_t bytes) {
    std::ofstream out(path, std::ios::binary);
    std::vector<uint64_t> block(1 << 17);
    uint64_t state = 0x9e3779b97f4a7c15ULL;
    for (uint64_t done = 0; done < bytes; done += block.size() * 8) {
        for (auto& word : block) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            word = state;
        }
        out.write(reinterpret_cast<const char*>(block.data()),
                  static_cast<std::streamsize>(block.size() * 8));
    }
}

std::string build_appimage(const std::string& appdir, const std::string& out) {
    shell("mksquashfs '" + appdir + "' '" + out + ".sqfs' -comp zstd -noappend -all-root " +
          "-quiet -no-progress && cat '" SQUASHRUN_RUNTIME "' '" + out + ".sqfs' > '" + out +
          "' && chmod 755 '" + out + "' && rm '" + out + ".sqfs'");
    return out;
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        bool has_value = i + 1 < argc;
        if (arg == "--runs" && has_value) {
            o.runs = std::atoi(argv[++i]);
        } else if (arg == "--launches" && has_value) {
            o.launches = std::atoi(argv[++i]);
        } else if (arg == "--tree" && has_value) {
            o.tree = argv[++i];
        } else if (arg == "--dir" && has_value) {
            o.dir = argv[++i];
        } else if (arg == "--big-mib" && has_value) {
            o.big_mib = std::strtoull(argv[++i], nullptr, 10);
        } else {
            std::fprintf(stderr,
                         "usage: extract_benchmark [--runs N] [--launches N] [--tree DIR] "
                         "[--big-mib N] [--dir DIR]\n");
            std::exit(2);
        }
    }
    if (o.tree.empty()) o.tree = default_tree();
    if (o.tree.empty()) {
        std::fprintf(stderr, "extract_benchmark: no /usr/lib/python3.* found; pass --tree\n");
        std::exit(2);
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    Options opt = parse(argc, argv);
    unsigned threads = std::thread::hardware_concurrency();
    std::string dir = make_temp_dir(opt.dir, "squashrun-extract-bench");
    setenv("TMPDIR", dir.c_str(), 1);

    std::string appdir = make_appdir(dir, "AppDir");
    shell("cp -a '" + opt.tree + "' '" + appdir + "/lib'");
    size_t files = 0;
    for (const auto& e : fs::recursive_directory_iterator(appdir))
        files += e.is_regular_file() ? 1 : 0;
    std::string app = build_appimage(appdir, dir + "/tree.AppImage");
    std::string offset = std::to_string(fs::file_size(SQUASHRUN_RUNTIME));
    std::string work = dir + "/work";
    fs::create_directories(work);

    std::vector<Series> extraction = {{"unsquashfs -p " + std::to_string(threads), {}},
                                      {"squashrun --appimage-extract", {}},
                                      {"squashrun first extract-and-run launch", {}}};
    for (int round = 0; round <= opt.runs; ++round) {  // round 0 warms the page cache
        double u = time_spawn({{"/usr/bin/unsquashfs", "-q", "-n", "-p", std::to_string(threads),
                                "-o", offset, "-d", work + "/unsquashfs-root", app},
                               {},
                               {}});
        shell("rm -rf '" + work + "/unsquashfs-root'");
        double e = time_spawn({{app, "--appimage-extract"}, {}, work});
        shell("rm -rf '" + work + "/squashfs-root'");
        double r = time_spawn(
            {{app}, {"APPIMAGE_EXTRACT_AND_RUN=1", "SQUASHRUN_CACHE_DIR=" + work + "/cache"}, {}});
        shell("rm -rf '" + work + "/cache'");
        if (round == 0) continue;
        extraction[0].ms.push_back(u);
        extraction[1].ms.push_back(e);
        extraction[2].ms.push_back(r);
    }
    std::printf(
        "extraction in %s: %s (%zu files, %s), zstd, %d interleaved rounds, %u threads each\n",
        dir.c_str(), opt.tree.c_str(), files,
        std::to_string(fs::file_size(app) >> 20).append(" MiB AppImage").c_str(), opt.runs,
        threads);
    print_table(extraction);
    for (size_t i = 1; i < extraction.size(); ++i) {
        std::printf("%s: %.2fx the time of unsquashfs\n", extraction[i].label.c_str(),
                    extraction[i].median() / extraction[0].median());
    }

    // Cached launches. A file is trusted by its identity only once settled (2 s after its
    // last change), so wait, then prime the cache with one launch each.
    std::vector<std::string> targets = {appdir + "/AppRun", app};
    std::vector<Series> launches = {{"floor (AppRun from a directory)", {}},
                                    {"cached launch, Python stdlib image", {}}};
    std::string cache_env = "SQUASHRUN_CACHE_DIR=" + dir + "/cache";
    if (opt.big_mib > 0) {
        std::string big_dir = make_appdir(dir, "BigAppDir");
        write_noise(big_dir + "/payload.bin", opt.big_mib << 20);
        auto start = std::chrono::steady_clock::now();
        targets.push_back(build_appimage(big_dir, dir + "/big.AppImage"));
        std::printf(
            "built the %llu MiB image in %.1f s\n", static_cast<unsigned long long>(opt.big_mib),
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        fs::remove_all(big_dir);
        launches.push_back({"cached launch, " + std::to_string(opt.big_mib) + " MiB image", {}});
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    for (size_t t = 1; t < targets.size(); ++t) {
        double first = time_spawn({{targets[t]}, {"APPIMAGE_EXTRACT_AND_RUN=1", cache_env}, {}});
        std::printf("first launch (hash + extraction) of %s: %.1f ms\n",
                    fs::path(targets[t]).filename().c_str(), first);
    }
    for (int i = -20; i < opt.launches; ++i) {  // 20 warm-up rounds
        for (size_t t = 0; t < targets.size(); ++t) {
            double ms = time_spawn({{targets[t]}, {"APPIMAGE_EXTRACT_AND_RUN=1", cache_env}, {}});
            if (i >= 0) launches[t].ms.push_back(ms);
        }
    }
    std::printf("cached launches: %d interleaved runs each\n", opt.launches);
    print_table(launches);
    for (size_t t = 1; t < launches.size(); ++t) {
        std::printf("%s: overhead over floor %.3f ms (goal: at most 2 ms)\n",
                    launches[t].label.c_str(), launches[t].median() - launches[0].median());
    }
    remove_dir(dir);
    return 0;
}
