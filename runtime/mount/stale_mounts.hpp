// Removing mounts of ours whose server died (they answer ENOTCONN).
#pragma once

#include <string>

namespace squashrun::runtime {

// Lazily unmounts and removes every fuse.squashrun mount point named `directory`/.mount_*
// that this user may unmount and whose server is gone. Only the directory the server itself
// mounts in is looked at: other temporary directories belong to other launches' settings.
// `helper` is the fusermount helper ("" for root).
void remove_dead_mounts(const std::string& helper, const std::string& directory);

}  // namespace squashrun::runtime
