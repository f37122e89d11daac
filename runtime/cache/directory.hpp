// Where extract-and-run keeps extracted payloads: a private directory on a file system
// that allows executing files.
#pragma once

#include <string>

#include "core/result.hpp"
#include "runtime/settings.hpp"

namespace squashrun::runtime {

// $SQUASHRUN_CACHE_DIR when set; else $TMPDIR/squashrun-<uid> (or /tmp/...), or, when that
// file system is mounted noexec, ${XDG_CACHE_HOME:-$HOME/.cache}/squashrun. The directory
// is created (mode 0700) and must belong to this user and not be writable by others.
core::Result<std::string> find_cache_dir(const Settings& settings);

}  // namespace squashrun::runtime
