// Copying the interpreter and what it loads, with the standard library filtered by name.
#include "python_bundle.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <set>

#include "../process.hpp"
#include "core/format/ldd.hpp"
#include "core/text/text.hpp"
#include "os/copy_tree.hpp"
#include "os/executable.hpp"
#include "os/files.hpp"
#include "os/fs_ops.hpp"

namespace squashrun::mkappimage {
namespace {

// Standard library parts an app rarely needs, left out unless --with names them.
constexpr std::array<std::string_view, 6> kLeftOut = {"tkinter",   "idlelib", "turtledemo",
                                                      "ensurepip", "lib2to3", "test"};

bool kept(const std::vector<std::string>& keep, std::string_view name) {
    return std::find(keep.begin(), keep.end(), name) != keep.end();
}

// Whether a standard library entry is bundled.
bool in_stdlib(const std::string& relative, bool directory, const std::vector<std::string>& keep) {
    auto parts = core::split_nonempty(relative, '/');
    const std::string& top = parts.front();
    const std::string& name = parts.back();
    if (parts.size() == 1) {
        if (top == "site-packages" || top == "dist-packages") return false;
        if (directory && top.starts_with("config-")) return false;  // only for building C code
        for (std::string_view part : kLeftOut) {
            if (top == part) return kept(keep, part);
        }
    }
    if (directory && (name == "test" || name == "tests")) return kept(keep, "test");
    if (!directory && top == "lib-dynload" && name.starts_with("_tkinter"))
        return kept(keep, "tkinter");
    return true;
}

// Every file under `dir` whose name ends in ".so" or holds ".so.".
void find_shared_objects(const std::string& dir, std::vector<std::string>& out) {
    for (const auto& name : os::list_directory(dir)) {
        std::string path = os::join_path(dir, name);
        struct stat st {};
        if (::lstat(path.c_str(), &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            find_shared_objects(path, out);
        } else if (S_ISREG(st.st_mode) &&
                   (name.ends_with(".so") || name.find(".so.") != std::string::npos)) {
            out.push_back(path);
        }
    }
}

std::string basename_of(const std::string& path) {
    return path.substr(path.rfind('/') + 1);
}

// libgcc_s.so.1 where the distributions keep it, next to the C library.
std::optional<std::string> find_libgcc(const std::vector<std::string>& libraries) {
    for (const auto& lib : libraries) {
        if (basename_of(lib).starts_with("libc.so")) {
            std::string candidate = lib.substr(0, lib.rfind('/')) + "/libgcc_s.so.1";
            if (::access(candidate.c_str(), R_OK) == 0) return candidate;
        }
    }
    return std::nullopt;
}

}  // namespace

BundleLayout bundle_layout(const PythonInstall& install) {
    std::string name = "python" + install.version;
    return {"usr/libexec/" + name, "usr/bin/" + name, "usr/" + install.site, "usr/bin/" + name,
            "usr/lib"};
}

core::Result<uint64_t> bundle_interpreter(const PythonInstall& install, const std::string& appdir,
                                          const std::string& apprun,
                                          const std::vector<std::string>& keep) {
    for (const auto& name : keep) {
        if (std::find(kLeftOut.begin(), kLeftOut.end(), name) == kLeftOut.end())
            return core::make_error("--with " + name + ": not a part that is left out");
    }
    BundleLayout layout = bundle_layout(install);
    if (::mkdir(appdir.c_str(), 0755) != 0 && errno != EEXIST)
        return core::make_error(appdir + ": " + std::strerror(errno));
    for (const char* dir : {"usr/bin", "usr/libexec", "usr/lib"}) {
        if (auto st = os::make_directories(appdir, dir); !st) return st.error();
    }
    if (auto st = os::make_directories(appdir, layout.site); !st) return st.error();
    if (auto st = os::copy_file(install.executable, os::join_path(appdir, layout.interpreter)); !st)
        return st.error();
    auto bytes =
        os::copy_tree(install.stdlib, os::join_path(appdir, "usr/lib/python" + install.version),
                      [&keep](const std::string& relative, bool directory) {
                          return in_stdlib(relative, directory, keep);
                      });
    if (!bytes) return bytes.error();
    if (auto st = install_apprun(appdir, layout, apprun); !st) return st.error();
    return *bytes;
}

core::Status install_apprun(const std::string& appdir, const BundleLayout& layout,
                            const std::string& apprun) {
    std::string own_apprun = os::join_path(appdir, "AppRun");
    ::unlink(own_apprun.c_str());
    if (auto st = os::copy_file(apprun, own_apprun); !st) return st;
    if (auto st = os::make_directories(appdir, "usr/bin"); !st) return st;
    // Hard links, so that AppRun finds its AppDir from them.
    for (const std::string& name : {layout.executable, std::string("usr/bin/python3")}) {
        std::string link = os::join_path(appdir, name);
        ::unlink(link.c_str());
        if (::link(own_apprun.c_str(), link.c_str()) != 0)
            return core::make_error(link + ": " + std::strerror(errno));
    }
    return {};
}

core::Result<BundledLibraries> bundle_shared_libraries(const std::string& appdir,
                                                       const BundleLayout& layout,
                                                       const PythonInstall& install,
                                                       const Settings& settings) {
    auto ldd = os::find_executable("ldd", settings.path);
    if (!ldd) return core::make_error("ldd not found (it comes with the C library's tools)");
    std::vector<std::string> objects = {os::join_path(appdir, layout.interpreter)};
    find_shared_objects(os::join_path(appdir, layout.lib), objects);
    find_shared_objects(os::join_path(appdir, layout.site), objects);
    std::set<std::string> seen;
    std::vector<std::string> libraries;
    std::string loader;
    for (const auto& object : objects) {
        auto result = run_program({*ldd, object}, settings.tool_environment);
        auto found = core::parse_ldd_output(result.output);
        if (!found.missing.empty()) {
            return core::make_error(object.substr(appdir.size() + 1) + " needs " +
                                    found.missing.front() + ", which this host does not have");
        }
        if (!found.loader.empty()) loader = found.loader;
        for (const auto& lib : found.paths) {
            // Libraries a wheel brings along (e.g. in a .libs directory) are already there.
            if (lib.starts_with(appdir + "/")) continue;
            if (seen.insert(lib).second) libraries.push_back(lib);
        }
    }
    if (loader.empty()) return core::make_error(install.executable + ": no dynamic loader found");
    if (auto libgcc = find_libgcc(libraries); libgcc && seen.insert(*libgcc).second)
        libraries.push_back(*libgcc);
    BundledLibraries out;
    std::string lib_dir = "lib/" + install.architecture + "-linux-gnu";
    if (auto st = os::make_directories(appdir, lib_dir); !st) return st.error();
    for (const auto& lib : libraries) {
        std::string target = os::join_path(appdir, lib_dir + "/" + basename_of(lib));
        if (auto st = os::copy_file(lib, target); !st) return st.error();
        struct stat st {};
        if (::stat(target.c_str(), &st) == 0) out.bytes += static_cast<uint64_t>(st.st_size);
        ++out.count;
    }
    std::string loader_dir = loader.substr(0, loader.rfind('/'));
    if (auto st = os::make_directories(appdir, loader_dir.substr(1)); !st) return st.error();
    if (auto st = os::copy_file(loader, appdir + loader); !st) return st.error();
    out.loader = "${APPDIR}" + loader;
    out.library_path = "${APPDIR}/" + lib_dir;
    return out;
}

}  // namespace squashrun::mkappimage
