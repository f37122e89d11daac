// find_mount_dir: the runtime directory when it is really ours, else the cache directory.
#include "runtime/mount/directory.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include "os/private_dir.hpp"
#include "runtime/cache/directory.hpp"
#include "runtime/diag.hpp"

namespace squashrun::runtime {
namespace {

bool usable_runtime_dir(const std::string& dir) {
    struct stat st {};
    return dir.starts_with('/') && ::lstat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode) &&
           st.st_uid == ::geteuid() && (st.st_mode & 077) == 0;
}

}  // namespace

core::Result<std::string> find_mount_dir(const Settings& settings) {
    if (usable_runtime_dir(settings.xdg_runtime_dir)) {
        std::string dir = settings.xdg_runtime_dir + "/squashrun";
        auto made = os::ensure_private_dir(dir);
        if (made) return dir;
        print_debug("shared mount directory refused: " + made.message());
    } else if (!settings.xdg_runtime_dir.empty()) {
        print_debug("XDG_RUNTIME_DIR=" + settings.xdg_runtime_dir + " is not a private directory");
    }
    auto cache = find_cache_dir(settings);
    if (!cache) return cache.error();
    std::string dir = *cache + "/mounts";
    if (auto made = os::ensure_private_dir(dir); !made) return made.error();
    return dir;
}

}  // namespace squashrun::runtime
