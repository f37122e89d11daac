// Prefetch of what an app read during its last start. A fresh shared mount records the reads
// of its first launch (file, offset, length) in the cache directory (reads/), named like the
// mount, together with the bytes it served; the next fresh mount of the same file replays
// them on a thread of its own, pushing the bytes into the kernel's page cache, so the app's
// own reads find them there and nothing is decompressed on its way.
//
// A recording is text, one "node offset size hash" line per read (hash: XXH3-64 of the
// range's bytes, 16 hex digits), an empty line, then the ranges' bytes back to back. It is
// only a hint: a range whose bytes do not match its hash is read from the image instead.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

struct fuse_session;

namespace squashrun::runtime {

class ServedImage;

struct ReadRange {
    uint64_t node = 0;
    uint64_t offset = 0;
    uint32_t size = 0;
    uint64_t hash = 0;  // of the recorded bytes
};

// The reads a mount answered, the first kMaxRanges of them. Thread-safe.
class ReadRecorder {
  public:
    static constexpr size_t kMaxRanges = 16384;
    void note(uint64_t node, uint64_t offset, uint32_t size);
    std::vector<ReadRange> ranges();

  private:
    std::mutex lock_;
    std::vector<ReadRange> ranges_;
};

// A recording's bytes are kept up to this many; later reads are left out of it.
inline constexpr size_t kMaxRecordedBytes = 64u << 20;

struct Recording {
    std::vector<ReadRange> ranges;
    std::string_view data;  // the ranges' bytes, in order; empty when they were not all there
};

// The recording of `ranges`, read again from `image` (once each, in order of first read).
std::string make_recording(ServedImage& image, const std::vector<ReadRange>& ranges);
// A recording from its parts (make_recording's output for ranges whose bytes are `data`).
std::string format_recording(const std::vector<ReadRange>& ranges, std::string_view data);
// The ranges of a recording (no ranges when it is malformed) and a view into its bytes.
Recording parse_recording(std::string_view file);

// Pushes each range's bytes into the kernel's page cache through `session`: the recorded
// bytes when they match their hash, else what `image` reads. The ranges of a file the kernel
// has not looked up yet are tried again after the others, until `budget_ms` has passed.
// Stops early when `stop` is set. Waits for `initialized` first (the kernel takes no
// notification before INIT).
void replay_reads(fuse_session* session, ServedImage& image, const Recording& recording,
                  int64_t budget_ms, const std::atomic<bool>& initialized,
                  const std::atomic<bool>& stop);

}  // namespace squashrun::runtime
