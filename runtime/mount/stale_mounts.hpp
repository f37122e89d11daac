// Removing mounts of ours whose server died (they answer ENOTCONN).
#pragma once

#include <string>

#include "runtime/mount/fuse_mount.hpp"

namespace squashrun::runtime {

// Lazily unmounts and removes every fuse.squashrun mount point named `directory`/.mount_*
// that this user may unmount and whose server is gone. Only the directory the server itself
// mounts in is looked at: other temporary directories belong to other launches' settings.
// They are unmounted the way the server's own mount `own` is (directly, or with its helper).
void remove_dead_mounts(const FuseMount& own, const std::string& directory);

}  // namespace squashrun::runtime
