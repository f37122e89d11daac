// Extract-and-run's cache: one extracted tree per payload hash, shared by launches.
#pragma once

#include <string>

#include "core/result.hpp"
#include "runtime/image/appimage.hpp"
#include "runtime/settings.hpp"

namespace squashrun::runtime {

// The cache directory's folder of identity records (see runtime/image/identity.hpp).
inline constexpr const char* kIdentityRecords = "ids";

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
