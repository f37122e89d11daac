// Finds dead mounts of ours in /proc/self/mountinfo and removes them.
#include "runtime/mount/stale_mounts.hpp"

#include <fcntl.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>

#include "core/format/mountinfo.hpp"
#include "os/files.hpp"
#include "runtime/mount/fuse_mount.hpp"

namespace squashrun::runtime {
namespace {

bool ours_to_remove(const core::MountEntry& entry, const std::string& directory) {
    if (entry.fs_type != core::kMountFsType) return false;
    size_t slash = entry.mount_point.rfind('/');
    if (slash == std::string::npos || entry.mount_point.compare(0, slash, directory) != 0 ||
        slash != directory.size() || entry.mount_point.compare(slash + 1, 7, ".mount_") != 0) {
        return false;
    }
    if (::geteuid() != 0 && entry.super_options.find("user_id=" + std::to_string(::getuid()) +
                                                     ",") == std::string::npos) {
        return false;
    }
    // statfs always asks the server (stat may be answered from the attribute cache).
    struct statfs st {};
    return ::statfs(entry.mount_point.c_str(), &st) != 0 && errno == ENOTCONN;
}

}  // namespace

void remove_dead_mounts(const FuseMount& own, const std::string& directory) {
    auto mountinfo = os::read_file("/proc/self/mountinfo");
    for (const auto& entry : core::parse_mountinfo(mountinfo ? *mountinfo : "")) {
        if (!ours_to_remove(entry, directory)) continue;
        if (fuse_unmount(FuseMount{-1, entry.mount_point, own.helper, own.helper_environment})) {
            ::rmdir(entry.mount_point.c_str());
        }
    }
}

}  // namespace squashrun::runtime
