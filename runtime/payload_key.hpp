// The cache key of an AppImage's payload: its content hash, remembered per file identity.
#pragma once

#include <string>

#include "appimage.hpp"
#include "core/result.hpp"

namespace squashrun::runtime {

// The XXH3-128 hash (hex) of everything after the runtime. A record in `cache_dir`/ids keyed
// by device and inode holds the hash with the file's size, mtime and ctime; while they are
// unchanged (and were settled when hashed) the file is not read again.
core::Result<std::string> payload_key(const AppImageFile& image, const std::string& cache_dir);

}  // namespace squashrun::runtime
