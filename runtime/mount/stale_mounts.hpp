// Removing mounts of ours whose server died (they answer ENOTCONN).
#pragma once

#include <string>

namespace squashrun::runtime {

// Lazily unmounts and removes every fuse.squashrun mount point named .mount_* that this user
// may unmount and whose server is gone. `helper` is the fusermount helper ("" for root).
void remove_dead_mounts(const std::string& helper);

}  // namespace squashrun::runtime
