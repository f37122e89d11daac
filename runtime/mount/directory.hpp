// Where shared mounts live: a private directory of this user's.
#pragma once

#include <string>

#include "core/result.hpp"
#include "runtime/settings.hpp"

namespace squashrun::runtime {

// $XDG_RUNTIME_DIR/squashrun when $XDG_RUNTIME_DIR is usable (absolute, a directory of this
// user's that nobody else may enter), else <cache directory>/mounts. Created mode 0700;
// a directory that is a symlink, another user's or open to others is refused.
core::Result<std::string> find_mount_dir(const Settings& settings);

}  // namespace squashrun::runtime
