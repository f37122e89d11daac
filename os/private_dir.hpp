// A directory only this user can change: for caches, mount points and their sockets.
#pragma once

#include <string>

#include "core/result.hpp"

namespace squashrun::os {

// Creates `path` (not its parents, mode 0700) when missing; checks it is a real directory
// (not a symlink), owned by this user and not writable by others. Errors name the path.
core::Status ensure_private_dir(const std::string& path);

}  // namespace squashrun::os
