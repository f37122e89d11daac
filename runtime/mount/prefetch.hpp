// Prefetch of what an app read during its last start. A fresh shared mount records what its
// first launch asked for, in order, in the cache directory (reads/), named like the mount:
// the reads (file, offset, length) with the bytes it served, and the names it looked up
// (found or not) and the directories it listed, as paths. The next fresh mount of the same
// file replays them on a thread of its own: it looks the paths up and lists the directories
// through the mount, so the kernel has them cached, and pushes the bytes into the kernel's
// page cache. The app, a step behind, then finds its names, listings and pages there: no
// round trip waits for the server and nothing is decompressed on its way.
//
// A recording is text: one line per step, in order, "node offset size hash" for a read
// (hash: XXH3-64 of the range's bytes, 16 hex digits), "l PATH" for a lookup and "d PATH"
// for a listing (PATH relative to the mount's root, in hex digits); an empty line; then the
// reads' bytes back to back. It is only a hint: a range whose bytes do not match its hash is
// read from the image instead, and paths are resolved beneath the mount without following
// symbolic links.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
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

// A path to look up or list again, relative to the mount's root ("." for the root itself).
struct PathStep {
    enum class Kind : char { lookup = 'l', listing = 'd' };
    Kind kind = Kind::lookup;
    std::string path;
    size_t after = 0;  // how many of the recording's reads came before it
};

// What a mount was asked for: the first kMaxRanges reads and kMaxSteps lookups and listings,
// in order, and the names of the nodes it told the kernel about (to turn nodes into paths).
// Thread-safe.
class ReadRecorder {
  public:
    static constexpr size_t kMaxRanges = 16384;
    static constexpr size_t kMaxSteps = 16384;
    static constexpr size_t kMaxNames = 65536;
    void note(uint64_t node, uint64_t offset, uint32_t size);
    // A lookup of `name` in directory `parent`; `node` 0 when there is no such name.
    void note_lookup(uint64_t parent, std::string_view name, uint64_t node);
    // An entry the kernel learnt from a listing with attributes (readdirplus).
    void note_entry(uint64_t parent, std::string_view name, uint64_t node);
    // A listing of directory `node` from its start.
    void note_listing(uint64_t node);
    std::vector<ReadRange> ranges();
    // The lookups and listings as paths, up to kMaxStepBytes of them; those whose path is
    // unknown are left out.
    std::vector<PathStep> steps();

  private:
    struct Visit {
        PathStep::Kind kind;
        uint64_t node;     // the directory looked in, or the one listed
        std::string name;  // for a lookup
        size_t after;
    };
    struct Name {
        uint64_t parent;
        std::string name;
    };
    void remember(uint64_t parent, std::string_view name, uint64_t node);
    bool path_of(uint64_t node, std::string& path) const;

    std::mutex lock_;
    std::vector<ReadRange> ranges_;
    std::vector<Visit> visits_;
    std::unordered_map<uint64_t, Name> names_;
};

// A recording's bytes are kept up to this many; later reads are left out of it.
inline constexpr size_t kMaxRecordedBytes = 64u << 20;
// A recording's paths are kept up to this many bytes in all; later steps are left out.
inline constexpr size_t kMaxStepBytes = 1u << 20;

struct Recording {
    std::vector<ReadRange> ranges;
    std::vector<PathStep> steps;
    std::string_view data;  // the ranges' bytes, in order; empty when they were not all there
    bool empty() const { return ranges.empty() && steps.empty(); }
};

// The recording of `ranges` and `steps`, the ranges' bytes read again from `image` (each range
// once, in order of first read).
std::string make_recording(ServedImage& image, const std::vector<ReadRange>& ranges,
                           const std::vector<PathStep>& steps);
// A recording from its parts (make_recording's output for ranges whose bytes are `data`).
std::string format_recording(const std::vector<ReadRange>& ranges,
                             const std::vector<PathStep>& steps, std::string_view data);
// The steps of a recording (none when it is malformed) and a view into its bytes.
Recording parse_recording(std::string_view file);

// Where and how a recording is replayed.
struct Replay {
    fuse_session* session = nullptr;
    ServedImage* image = nullptr;
    std::string mount_point;  // where the lookups and listings are made; "" for none
    int64_t budget_ms = 0;    // nothing more is pushed after that long
};

// Replays `recording`, in order: looks each path up (or lists it) beneath `replay.mount_point`
// and pushes each range's bytes into the kernel's page cache through the session: the recorded
// bytes when they match their hash, else what the image reads. The ranges of a file the
// kernel does not know yet are tried again after the others, until the budget has passed.
// Stops early when `stop` is set. Waits for `initialized` first (the kernel takes no
// notification before INIT). The lookups and listings need the mount served meanwhile.
void replay_recording(const Replay& replay, const Recording& recording,
                      const std::atomic<bool>& initialized, const std::atomic<bool>& stop);

}  // namespace squashrun::runtime
