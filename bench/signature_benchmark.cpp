// What a signature costs, signed against unsigned builds of the same AppDir by the same
// mkappimage, each pair timed in one interleaved loop with every file in the page cache:
//  1. a tiny app's launch (goal: at most 0.5 ms more);
//  2. the Python example's first launch, a mount per launch (goal: within 10%);
//  3. reading every file of a large payload through a fresh mount (goal: within 15%);
//  4. extracting that payload (goal: within 15%);
//  5. --appimage-verify of that file, in MB/s, next to b2sum of the same file;
//  6. the launch of the large file: the header and chunk-table check at its size.
// Options: --runs N (default 40), --big-mb N (the large payload's data, default 1024),
// --example APPDIR (the Python example's AppDir, as the build made it), --tree DIR (also read
// and extract a payload of this directory's real files, zstd-packed).
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
#include "cleanup.hpp"

using namespace squashrun::bench;
namespace fs = std::filesystem;

namespace {

struct Pair {
    std::string label;
    std::string plain;           // unsigned AppImage
    std::string signed_;         // signed AppImage
    std::string unsigned_state;  // XDG_STATE_HOME of the unsigned runs: no key recorded
};

// The example hello AppDir with another AppRun (and optional extra data).
std::string hello_appdir(const std::string& dir, const std::string& name,
                         const std::string& apprun) {
    std::string appdir = dir + "/" + name;
    fs::copy(std::string(SQUASHRUN_SOURCE_DIR) + "/examples/hello/AppDir", appdir,
             fs::copy_options::recursive);
    fs::remove(appdir + "/AppRun");
    std::ofstream(appdir + "/AppRun") << apprun;
    fs::permissions(appdir + "/AppRun", fs::perms(0755));
    return appdir;
}

Pair build_pair(const std::string& dir, const std::string& appdir, const std::string& label,
                const std::string& extra_options) {
    Pair p{label, dir + "/" + label + ".AppImage", dir + "/" + label + ".signed.AppImage",
           dir + "/state-unsigned"};
    std::string mk = std::string(SQUASHRUN_MKAPPIMAGE) + " --runtime '" + SQUASHRUN_RUNTIME + "' " +
                     extra_options + " ";
    shell(mk + "'" + appdir + "' '" + p.plain + "' 2>/dev/null");
    shell(mk + "--sign '" + dir + "/bench.key' '" + appdir + "' '" + p.signed_ + "' 2>/dev/null");
    return p;
}

double seconds_of(const std::string& command) {
    auto start = std::chrono::steady_clock::now();
    shell(command);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A script that mounts its argument, reads every file under the mount, then stops the mount.
std::string write_read_all_script(const std::string& dir) {
    std::string path = dir + "/read-all.sh";
    std::ofstream(path) << "#!/bin/bash\nset -e\n"
                           "coproc M (exec env SQUASHRUN_MOUNT_GRACE=0 \"$1\" --appimage-mount)\n"
                           "read -r m <&\"${M[0]}\"\n"
                           "find \"$m\" -type f -exec cat {} + > /dev/null\n"
                           "pid=$M_PID\nkill -TERM \"$pid\"\nwait \"$pid\" || true\n";
    fs::permissions(path, fs::perms(0755));
    return path;
}

void report_pair(const char* what, const Series& plain, const Series& signed_,
                 const char* unit_note) {
    print_table({plain, signed_});
    std::printf("  %s: signed %.3f against %.3f %s: %+.3f, %.3fx\n\n", what, signed_.median(),
                plain.median(), unit_note, signed_.median() - plain.median(),
                signed_.median() / plain.median());
}

void bench_launch(const Pair& p, int runs, const char* what) {
    Series plain{p.label + ", unsigned", {}};
    Series signed_{p.label + ", signed", {}};
    // The unsigned build runs as an app never seen signed (its own, empty state directory):
    // the signed one's first launch records its key, which would refuse it otherwise.
    const std::vector<std::string> env = {"SQUASHRUN_MOUNT_GRACE=0"};
    const std::vector<std::string> unsigned_env = {"SQUASHRUN_MOUNT_GRACE=0",
                                                   "XDG_STATE_HOME=" + p.unsigned_state};
    for (int i = 0; i < 3; ++i) {
        time_spawn({{p.plain}, unsigned_env, {}});
        time_spawn({{p.signed_}, env, {}});
    }
    for (int i = 0; i < runs; ++i) {
        plain.ms.push_back(time_spawn({{p.plain}, unsigned_env, {}}));
        signed_.ms.push_back(time_spawn({{p.signed_}, env, {}}));
    }
    report_pair(what, plain, signed_, "ms");
}

// `out`: where the extractions go.
void bench_big(const Pair& p, const std::string& dir, const std::string& out, int runs) {
    double mb = static_cast<double>(fs::file_size(p.signed_)) / 1e6;
    Series read_plain{"read every file, unsigned (s)", {}};
    Series read_signed{"read every file, signed (s)", {}};
    Series extract_plain{"--appimage-extract, unsigned (s)", {}};
    Series extract_signed{"--appimage-extract, signed (s)", {}};
    Series verify{"--appimage-verify (s)", {}};
    Series b2sum{"b2sum of the same file (s)", {}};
    std::string read_all = write_read_all_script(dir);
    std::string unsigned_env = "XDG_STATE_HOME='" + p.unsigned_state + "' ";
    auto extract = [&](const std::string& app) {
        return "sh -c \"cd '" + out + "' && rm -rf squashfs-root && '" + app +
               "' --appimage-extract > /dev/null && rm -rf squashfs-root\"";
    };
    for (int i = 0; i < runs; ++i) {
        std::string read_plain_command = unsigned_env;
        read_plain_command += "'" + read_all + "' '" + p.plain + "'";
        read_plain.ms.push_back(seconds_of(read_plain_command));
        read_signed.ms.push_back(seconds_of("'" + read_all + "' '" + p.signed_ + "'"));
        extract_plain.ms.push_back(seconds_of(unsigned_env + extract(p.plain)));
        extract_signed.ms.push_back(seconds_of(extract(p.signed_)));
        verify.ms.push_back(seconds_of("'" + p.signed_ + "' --appimage-verify > /dev/null"));
        b2sum.ms.push_back(seconds_of("b2sum '" + p.signed_ + "' > /dev/null"));
    }
    std::printf("== %s (%.0f MB file), %d interleaved rounds\n", p.label.c_str(), mb, runs);
    report_pair("reading every file through the mount", read_plain, read_signed, "s");
    report_pair("extraction", extract_plain, extract_signed, "s");
    print_table({verify, b2sum});
    std::printf("  --appimage-verify %.0f MB/s, b2sum %.0f MB/s\n\n", mb / verify.median(),
                mb / b2sum.median());
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 40;
    int big_mb = 1024;
    std::string example;
    std::string tree;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--runs" && i + 1 < argc) {
            runs = std::atoi(argv[++i]);
        } else if (arg == "--big-mb" && i + 1 < argc) {
            big_mb = std::atoi(argv[++i]);
        } else if (arg == "--example" && i + 1 < argc) {
            example = argv[++i];
        } else if (arg == "--tree" && i + 1 < argc) {
            tree = argv[++i];
        } else {
            std::fprintf(stderr,
                         "usage: signature_benchmark [--runs N] [--big-mb N] [--example APPDIR] "
                         "[--tree DIR]\n");
            return 2;
        }
    }
    std::string dir = make_temp_dir("/tmp", "squashrun-sigbench");
    setenv("TMPDIR", dir.c_str(), 1);
    setenv("XDG_STATE_HOME", (dir + "/state").c_str(), 1);  // the keys first seen stay here
    // Extractions go into memory (tmpfs) when there is one: writing a large tree to disk makes
    // the kernel write back the previous run's pages during the next one, which is not what is
    // measured.
    std::string out = fs::is_directory("/dev/shm") ? make_temp_dir("/dev/shm", "squashrun-sigbench")
                                                   : dir + "/extract";
    fs::create_directories(out);
    std::vector<std::string> dirs = {dir};
    if (out.starts_with("/dev/shm/")) dirs.push_back(out);
    // However the run ends: servers stopped, mounts detached, directories removed.
    return run_then_clean_up(dirs, [&] {
        shell(std::string(SQUASHRUN_MKAPPIMAGE) + " --generate-key '" + dir +
              "/bench.key' 2>/dev/null");

        std::printf("signature benchmark: %d runs, %u cores\n\n", runs,
                    std::thread::hardware_concurrency());
        Pair tiny =
            build_pair(dir, hello_appdir(dir, "TinyDir", "#!/bin/sh\nexit 0\n"), "Tiny", "");
        std::printf("== a tiny app's launch (AppRun: exit 0), a mount per launch\n");
        bench_launch(tiny, runs * 5, "launch");

        if (!example.empty()) {
            Pair python = build_pair(dir, example, "Example", "");
            std::printf("== the Python example's first launch, a mount per launch\n");
            bench_launch(python, runs, "first launch");
        }

        std::string big_dir = hello_appdir(dir, "BigDir", "#!/bin/sh\nexit 0\n");
        shell("head -c " + std::to_string(big_mb) + "M /dev/urandom > '" + big_dir +
              "/usr/share/big.bin'");
        // lz4: incompressible data is stored, and packing it stays quick.
        Pair big = build_pair(dir, big_dir, "Big", "--comp lz4 --block-size 128K");
        std::printf("== launching the %d MB payload: the header and table check at that size\n",
                    big_mb);
        bench_launch(big, runs * 2, "launch");
        bench_big(big, dir, out, std::max(3, runs / 10));
        fs::remove_all(big_dir);
        fs::remove(big.plain);
        fs::remove(big.signed_);

        if (!tree.empty()) {
            // Real files, packed as mkappimage packs by default (zstd, 64 KiB blocks): hashing
            // then competes with decompression, as it does for apps.
            std::string tree_dir = hello_appdir(dir, "TreeDir", "#!/bin/sh\nexit 0\n");
            shell("cp -a '" + tree + "' '" + tree_dir + "/usr/share/tree'");
            Pair packed = build_pair(dir, tree_dir, "Tree", "");
            fs::remove_all(tree_dir);
            bench_big(packed, dir, out, std::max(3, runs / 10));
        }

        return 0;
    });
}
