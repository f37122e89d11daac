// Getting a mounted /dev/fuse descriptor: mount(2) as root, the setuid helper otherwise.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "runtime/mount/fuse_helper.hpp"

namespace squashrun::runtime {

struct FuseMount {
    int fd = -1;
    std::string mount_point;
    std::string helper;  // empty when mounted directly; then unmounted with umount2
    std::vector<std::string> helper_environment;
};

// Mounts an empty read-only FUSE filesystem of type fuse.squashrun at `mount_point` and
// returns the connection's descriptor. The caller serves it.
// As a user, the setuid helper is found through `search`.
core::Result<FuseMount> fuse_mount(const std::string& mount_point, const HelperSearch& search);

// Lazily unmounts (the mount point disappears now; open files keep working until closed).
core::Status fuse_unmount(const FuseMount& mount);

}  // namespace squashrun::runtime
