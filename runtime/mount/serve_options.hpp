// What the mount server does to answer fast. Each can be turned off, to measure what it buys:
// SQUASHRUN_SERVE_OFF=name,name,... (a benchmark's knob; users have no reason to set it).
#pragma once

#include <cstddef>
#include <string_view>

namespace squashrun::runtime {

struct ServeOptions {
    bool negative_entries = true;  // "negative": names that do not exist are cached too
    bool no_open = true;           // "no-open": open and opendir declined (kernel no-open mode)
    bool readdirplus = true;       // "readdirplus": listings carry the entries' attributes
    bool decline_xattrs = true;    // "xattrs": xattr requests declined on images without any
    bool refuse_ioctl = true;      // "ioctl": ioctl refused at once (libfuse: ENOSYS each time)
    bool large_caches = true;      // "caches": squashfuse caches enlarged (else 8, 1, 3 blocks)
    bool threads = true;           // "threads": two to four serving threads (else one)
    bool prefetch = true;          // "prefetch": the last start's reads replayed (prefetch.hpp)
    bool replay_paths = true;      // "paths": the replay also repeats its lookups and listings
};

// The options with the names in the comma-separated `off` turned off; unknown names ignored.
ServeOptions serve_options(std::string_view off);

}  // namespace squashrun::runtime
