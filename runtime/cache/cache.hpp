// Extract-and-run's cache: one extracted tree per payload hash, shared by launches.
#pragma once

#include <string>

#include "core/result.hpp"
#include "runtime/image/appimage.hpp"
#include "runtime/settings.hpp"

namespace squashrun::runtime {

// The cache directory's folder of identity records (see runtime/image/identity.hpp).
inline constexpr const char* kIdentityRecords = "ids";
// Subdirectory of the cache with the reads of each payload's last first launch, which a
// fresh mount prefetches (runtime/mount/prefetch.hpp); dropped by age like identity records.
inline constexpr const char* kReadRecords = "reads";

struct CachedTree {
    std::string appdir;  // <cache>/<hash>/app, complete
    // Holds a shared lock on <cache>/<hash>/lock: while any process (AppRun and its
    // children inherit it) keeps it open, eviction leaves the tree alone.
    int lock_fd = -1;
};

// Returns the extracted tree of `image`'s payload, extracting it first when no launch has
// (one launch extracts, concurrent ones wait for it). After an extraction, old entries are
// evicted unless NO_CLEANUP is set.
core::Result<CachedTree> open_cached_tree(const AppImageFile& image, const Settings& settings,
                                          bool progress);

}  // namespace squashrun::runtime
