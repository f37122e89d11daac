// mkappimage benchmark, on an AppDir holding the host's Python standard library:
//  1. mkappimage's wall time against mksquashfs alone with the same options, interleaved
//     (mkappimage is a thin layer: goal within 5%);
//  0. the example build (examples/hello/AppDir): wall time and sizes;
//  2. the block size: payload size, and the launch time of an AppRun that reads the 13
//     modules Python 3.11 loads at startup through the FUSE mount, per block size.
// Options: --runs N (build rounds, default 5), --launches N (default 100), --tree DIR
//          (default /usr/lib/python3.11), --dir DIR (default /tmp).
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench_support.hpp"

using namespace squashrun::bench;
namespace fs = std::filesystem;

namespace {

const char* kStartupModules[] = {"__pycache__/os.cpython-311.pyc",
                                 "__pycache__/site.cpython-311.pyc",
                                 "__pycache__/codecs.cpython-311.pyc",
                                 "__pycache__/io.cpython-311.pyc",
                                 "__pycache__/abc.cpython-311.pyc",
                                 "__pycache__/stat.cpython-311.pyc",
                                 "__pycache__/posixpath.cpython-311.pyc",
                                 "__pycache__/genericpath.cpython-311.pyc",
                                 "__pycache__/_collections_abc.cpython-311.pyc",
                                 "__pycache__/_sitebuiltins.cpython-311.pyc",
                                 "encodings/__pycache__/__init__.cpython-311.pyc",
                                 "encodings/__pycache__/aliases.cpython-311.pyc",
                                 "encodings/__pycache__/utf_8.cpython-311.pyc"};

void write(const std::string& path, const std::string& text, fs::perms mode) {
    std::ofstream(path) << text;
    fs::permissions(path, mode);
}

std::string make_appdir(const std::string& dir, const std::string& tree) {
    std::string appdir = dir + "/AppDir";
    fs::create_directories(appdir);
    shell("cp -a '" + tree + "' '" + appdir + "/lib'");
    std::string apprun = "#!/bin/sh\ncd \"$APPDIR/lib\" && cat";
    for (const char* module : kStartupModules)
        apprun += std::string(" ") + module;
    write(appdir + "/AppRun", apprun + " > /dev/null\n", fs::perms(0755));
    write(appdir + "/stdlib.desktop",
          "[Desktop Entry]\nType=Application\nName=Stdlib\nExec=AppRun\nIcon=stdlib\n"
          "Categories=Development;\nTerminal=true\n",
          fs::perms(0644));
    write(appdir + "/stdlib.svg",
          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"16\" height=\"16\"/>\n",
          fs::perms(0644));
    fs::create_symlink("stdlib.svg", appdir + "/.DirIcon");
    return appdir;
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    int runs = 5;
    int launches = 100;
    std::string tree = "/usr/lib/python3.11";
    std::string parent = "/tmp";
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string arg = argv[i];
        if (arg == "--runs") {
            runs = std::atoi(argv[i + 1]);
        } else if (arg == "--launches") {
            launches = std::atoi(argv[i + 1]);
        } else if (arg == "--tree") {
            tree = argv[i + 1];
        } else if (arg == "--dir") {
            parent = argv[i + 1];
        } else {
            std::fprintf(stderr,
                         "usage: mkappimage_benchmark [--runs N] [--launches N] "
                         "[--tree DIR] [--dir DIR]\n");
            return 2;
        }
    }
    std::string dir = make_temp_dir(parent, "squashrun-mkappimage-bench");
    setenv("TMPDIR", dir.c_str(), 1);
    setenv("SOURCE_DATE_EPOCH", "0", 1);
    std::string runtime = SQUASHRUN_RUNTIME;

    // 0. The example the README shows.
    Series example{"mkappimage examples/hello/AppDir", {}};
    std::string hello = dir + "/Hello-x86_64.AppImage";
    const std::string hello_appdir = std::string(SQUASHRUN_SOURCE_DIR) + "/examples/hello/AppDir";
    for (int i = -2; i < 20; ++i) {
        double ms =
            time_spawn({{SQUASHRUN_MKAPPIMAGE, "--runtime", runtime, hello_appdir, hello}, {}, {}});
        if (i >= 0) example.ms.push_back(ms);
    }
    std::printf(
        "example build, 20 runs: %.1f ms median; AppImage %llu bytes = runtime %llu + "
        "payload %llu\n",
        example.median(), static_cast<unsigned long long>(fs::file_size(hello)),
        static_cast<unsigned long long>(fs::file_size(runtime)),
        static_cast<unsigned long long>(fs::file_size(hello) - fs::file_size(runtime)));

    std::string appdir = make_appdir(dir, tree);
    std::string offset = std::to_string(fs::file_size(runtime));

    // 1. mkappimage against mksquashfs with the options mkappimage passes.
    std::vector<Series> build = {{"mksquashfs alone", {}}, {"mkappimage", {}}};
    for (int round = 0; round <= runs; ++round) {  // round 0 warms the page cache
        unsetenv("SOURCE_DATE_EPOCH");
        double m =
            time_spawn({{"/usr/bin/mksquashfs", appdir, dir + "/alone.sqfs", "-noappend", "-comp",
                         "zstd", "-b", "64K", "-all-root", "-no-xattrs", "-exit-on-error", "-quiet",
                         "-no-progress", "-mkfs-time", "0", "-all-time", "0"},
                        {},
                        {}});
        setenv("SOURCE_DATE_EPOCH", "0", 1);
        double a = time_spawn(
            {{SQUASHRUN_MKAPPIMAGE, "--runtime", runtime, appdir, dir + "/Stdlib.AppImage"},
             {},
             {}});
        if (round == 0) continue;
        build[0].ms.push_back(m);
        build[1].ms.push_back(a);
    }
    std::printf(
        "build of %s (AppDir of %llu MiB), zstd, 64K blocks (the default), %d interleaved rounds\n",
        tree.c_str(), static_cast<unsigned long long>(fs::file_size(dir + "/alone.sqfs") >> 20),
        runs);
    print_table(build);
    std::printf("mkappimage: %.3fx the time of mksquashfs alone (goal: at most 1.05x)\n",
                build[1].median() / build[0].median());

    // 2. Block sizes: payload size and startup reads through the mount.
    std::vector<std::string> sizes = {"32K", "64K", "128K", "256K", "1M"};
    std::vector<Series> startup;
    std::vector<std::string> apps;
    for (const auto& size : sizes) {
        std::string app = dir;
        app.append("/stdlib-").append(size).append(".AppImage");
        time_spawn({{SQUASHRUN_MKAPPIMAGE, "--runtime", runtime, "--block-size", size, appdir, app},
                    {},
                    {}});
        apps.push_back(app);
        startup.push_back({"block " + size + ": " +
                               std::to_string((fs::file_size(app) - std::stoull(offset)) / 1024) +
                               " KiB payload, startup reads",
                           {}});
    }
    for (int i = -10; i < launches; ++i) {
        for (size_t s = 0; s < apps.size(); ++s) {
            double ms = time_spawn({{apps[s]}, {}, {}});
            wait_for_no_mounts(dir);  // not timed: the server's unmount after the app exits
            if (i >= 0) startup[s].ms.push_back(ms);
        }
    }
    std::printf("launches that read Python's 13 startup modules, %d interleaved runs each\n",
                launches);
    print_table(startup);
    remove_dir(dir);
    return 0;
}
