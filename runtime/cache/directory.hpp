// Where extract-and-run keeps extracted payloads: a private directory on a file system
// that allows executing files.
#pragma once

#include <climits>
#include <cstddef>
#include <string>

#include "core/result.hpp"
#include "runtime/settings.hpp"

namespace squashrun::runtime {

// A directory the runtime puts trees or mount points in leaves the app's files at least half
// of PATH_MAX for their own paths (and fusermount3 a path it can unmount).
inline constexpr size_t kMaxBaseDirLength = PATH_MAX / 2;

// $SQUASHRUN_CACHE_DIR when set; else $TMPDIR/squashrun-<uid> (or /tmp/...), or, when that
// file system is mounted noexec or read-only or the path is too long,
// ${XDG_CACHE_HOME:-$HOME/.cache}/squashrun. The directory is created (mode 0700) and must
// belong to this user and not be writable by others.
core::Result<std::string> find_cache_dir(const Settings& settings);

}  // namespace squashrun::runtime
