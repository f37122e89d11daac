// Removing old cache entries: unused for 14 days, or least recently used beyond the size
// limit (SQUASHRUN_CACHE_MAX_MB, default 2048). Entries in use are never removed.
#pragma once

#include <cstdint>
#include <string>

namespace squashrun::runtime {

inline constexpr int64_t kCacheMaxUnusedDays = 14;

// Evicts from `cache_dir`, never the entry named `keep`, trimming the rest to `max_bytes`.
void evict_cache_entries(const std::string& cache_dir, const std::string& keep, uint64_t max_bytes);

}  // namespace squashrun::runtime
