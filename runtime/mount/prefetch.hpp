// Prefetch of what an app read during its last start. A fresh shared mount records the reads
// of its first launch (file, offset, length) in the cache directory (reads/), named like the
// mount; the next fresh mount of the same file replays them on a thread of its
// own, pushing the data into the kernel's page cache, so the app's own reads find it there.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

struct fuse_session;

namespace squashrun::runtime {

class ServedImage;

struct ReadRange {
    uint64_t node = 0;
    uint64_t offset = 0;
    uint32_t size = 0;
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

// A recording as text, one "node offset size" line per read.
std::string format_reads(const std::vector<ReadRange>& ranges);
// The ranges of a recording; none when it is malformed (a recording is only a hint).
std::vector<ReadRange> parse_reads(const std::string& text);

// Pushes each range's data into the kernel's page cache through `session`. A range of a file
// the kernel has not looked up yet is tried again after the others, until `budget_ms` has
// passed. Stops early when `stop` is set.
// Waits for `initialized` first (the kernel takes no notification before INIT).
void replay_reads(fuse_session* session, ServedImage& image, std::vector<ReadRange> ranges,
                  int64_t budget_ms, const std::atomic<bool>& initialized,
                  const std::atomic<bool>& stop);

}  // namespace squashrun::runtime
