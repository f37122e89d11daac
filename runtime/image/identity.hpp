// The identity of an AppImage's payload: its content hash, remembered per file identity so an
// unchanged file is not read again. Used as the extraction cache's key (and for mounts).
#pragma once

#include <string>

#include "core/cache/policy.hpp"
#include "core/result.hpp"
#include "runtime/image/appimage.hpp"

namespace squashrun::runtime {

struct PayloadKey {
    std::string hash;             // XXH3-128 (hex) of everything after the runtime
    core::FileIdentity identity;  // the file as it was when the hash was taken or trusted
};

// The hash of everything after the runtime. A record in `records_dir` (created, mode 0700,
// when missing) keyed by device and inode holds the hash with the file's size, mtime and
// ctime; while they are unchanged (and were settled when hashed) the file is not read again.
core::Result<PayloadKey> payload_key(const AppImageFile& image, const std::string& records_dir);

// The identity of the open file now.
core::Result<core::FileIdentity> identity_of(const AppImageFile& image);

}  // namespace squashrun::runtime
