// Choosing and creating the cache directory, refusing ones others could tamper with.
#include "cache_dir.hpp"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "diag.hpp"
#include "mount.hpp"

namespace squashrun::runtime {
namespace {

std::string env_or_empty(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
}

// mkdir -p with mode 0700 for what it creates.
bool make_dirs(const std::string& path) {
    for (size_t slash = path.find('/', 1);; slash = path.find('/', slash + 1)) {
        std::string prefix = path.substr(0, slash);
        if (::mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST) return false;
        if (slash == std::string::npos) return true;
    }
}

// Creates `path` when missing; checks it is ours, a real directory, and not open to others.
core::Status ensure_private_dir(const std::string& path) {
    if (!make_dirs(path)) return core::make_error(path + ": " + errno_text());
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return core::make_error(path + ": " + errno_text());
    if (!S_ISDIR(st.st_mode)) return core::make_error(path + ": not a directory");
    if (st.st_uid != ::geteuid()) return core::make_error(path + ": owned by another user");
    if ((st.st_mode & 022) != 0) {
        return core::make_error(path + ": writable by other users");
    }
    return {};
}

bool allows_exec(const std::string& path) {
    struct statvfs vfs {};
    return ::statvfs(path.c_str(), &vfs) == 0 && (vfs.f_flag & ST_NOEXEC) == 0;
}

}  // namespace

core::Result<std::string> find_cache_dir() {
    if (std::string chosen = env_or_empty("SQUASHRUN_CACHE_DIR"); !chosen.empty()) {
        if (chosen[0] != '/') {
            return core::make_error("SQUASHRUN_CACHE_DIR must be an absolute path: " + chosen);
        }
        if (auto st = ensure_private_dir(chosen); !st) return st.error();
        if (!allows_exec(chosen)) return core::make_error(chosen + ": mounted noexec");
        return chosen;
    }
    std::string xdg = env_or_empty("XDG_CACHE_HOME");
    if (!xdg.starts_with('/')) xdg.clear();  // relative values are invalid (XDG base dirs)
    if (xdg.empty() && !env_or_empty("HOME").empty()) xdg = env_or_empty("HOME") + "/.cache";
    std::string candidates[] = {temp_root() + "/squashrun-" + std::to_string(::geteuid()),
                                xdg.empty() ? "" : xdg + "/squashrun"};
    std::string refused;
    for (const std::string& dir : candidates) {
        if (dir.empty()) continue;
        // Ask the parent first, so nothing is created on a noexec file system.
        std::string parent = dir.substr(0, dir.rfind('/'));
        core::Status usable;
        if (::access(parent.c_str(), F_OK) == 0 && !allows_exec(parent)) {
            usable = core::make_error(parent + ": mounted noexec");
        } else if (usable = ensure_private_dir(dir); usable && !allows_exec(dir)) {
            usable = core::make_error(dir + ": mounted noexec");
        }
        if (usable) return dir;
        print_debug("cache directory refused: " + usable.message());
        refused += (refused.empty() ? "" : "; ") + usable.message();
    }
    return core::make_error("no directory to extract into (" + refused + ")");
}

}  // namespace squashrun::runtime
