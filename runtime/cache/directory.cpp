// Choosing and creating the cache directory, refusing ones others could tamper with.
#include "runtime/cache/directory.hpp"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>

#include "os/fs_ops.hpp"
#include "os/private_dir.hpp"
#include "runtime/diag.hpp"

namespace squashrun::runtime {
namespace {

bool allows_exec(const std::string& path) {
    struct statvfs vfs {};
    return ::statvfs(path.c_str(), &vfs) == 0 && (vfs.f_flag & ST_NOEXEC) == 0;
}

}  // namespace

core::Result<std::string> find_cache_dir(const Settings& settings) {
    if (const std::string& chosen = settings.cache_dir; !chosen.empty()) {
        if (chosen[0] != '/') {
            return core::make_error("SQUASHRUN_CACHE_DIR must be an absolute path: " + chosen);
        }
        if (auto st = os::ensure_private_dir(chosen); !st) return st.error();
        if (!allows_exec(chosen)) return core::make_error(chosen + ": mounted noexec");
        return chosen;
    }
    // Relative paths are ignored (the XDG rule): APPDIR must not depend on the cwd.
    std::string xdg = settings.xdg_cache_home;
    const std::string& home = settings.home;
    if (!xdg.starts_with('/') && home.starts_with('/')) xdg = home + "/.cache";
    std::string candidates[] = {settings.temp_root + "/squashrun-" + std::to_string(::geteuid()),
                                xdg.starts_with('/') ? xdg + "/squashrun" : ""};
    std::string refused;
    for (const std::string& dir : candidates) {
        if (!dir.starts_with('/')) continue;
        // Ask the parent first, so nothing is created on a noexec file system. Of the
        // parents, only the XDG cache directory itself is created when missing.
        std::string parent = dir.substr(0, dir.rfind('/'));
        if (parent == xdg) ::mkdir(xdg.c_str(), 0700);
        core::Status usable;
        if (dir.size() > kMaxBaseDirLength) {
            usable = core::make_error(parent.substr(0, 40) + "...: path too long");
        } else if (::access(parent.c_str(), F_OK) == 0 && !allows_exec(parent)) {
            usable = core::make_error(parent + ": mounted noexec");
        } else if (usable = os::ensure_private_dir(dir); usable && !allows_exec(dir)) {
            usable = core::make_error(dir + ": mounted noexec");
        }
        if (usable) return dir;
        print_debug("cache directory refused: " + usable.message());
        refused += (refused.empty() ? "" : "; ") + usable.message();
    }
    if (refused.empty()) refused = "TMPDIR and HOME are not absolute paths";
    return core::make_error("no directory to extract into (" + refused + ")");
}

}  // namespace squashrun::runtime
