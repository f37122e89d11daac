// Recording what a first launch asked for, and replaying it: lookups and listings through the
// mount, bytes into the kernel's page cache with notify_store.
#include "runtime/mount/prefetch.hpp"

#define FUSE_USE_VERSION 34
#include <fuse3/fuse_lowlevel.h>

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cinttypes>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <set>
#include <thread>
#include <unordered_set>
#include <utility>

#include "core/cache/content_hash.hpp"
#include "core/text/text.hpp"
#include "os/unique_fd.hpp"
#include "runtime/mount/node_ids.hpp"
#include "runtime/mount/served_image.hpp"

namespace squashrun::runtime {
namespace {

// Deeper paths than a path can be long are not followed.
constexpr size_t kMaxDepth = PATH_MAX / 2;

}  // namespace

void ReadRecorder::note(uint64_t node, uint64_t offset, uint32_t size) {
    std::lock_guard<std::mutex> guard(lock_);
    if (ranges_.size() < kMaxRanges) ranges_.push_back({node, offset, size, 0});
}

void ReadRecorder::remember(uint64_t parent, std::string_view name, uint64_t node) {
    if (node != kRootNode && names_.size() < kMaxNames)
        names_.try_emplace(node, Name{parent, std::string(name)});
}

void ReadRecorder::note_lookup(uint64_t parent, std::string_view name, uint64_t node) {
    std::lock_guard<std::mutex> guard(lock_);
    if (node != 0) remember(parent, name, node);
    if (visits_.size() < kMaxSteps)
        visits_.push_back({PathStep::Kind::lookup, parent, std::string(name), ranges_.size()});
}

void ReadRecorder::note_entry(uint64_t parent, std::string_view name, uint64_t node) {
    std::lock_guard<std::mutex> guard(lock_);
    remember(parent, name, node);
}

void ReadRecorder::note_listing(uint64_t node) {
    std::lock_guard<std::mutex> guard(lock_);
    if (visits_.size() < kMaxSteps)
        visits_.push_back({PathStep::Kind::listing, node, {}, ranges_.size()});
}

std::vector<ReadRange> ReadRecorder::ranges() {
    std::lock_guard<std::mutex> guard(lock_);
    return ranges_;
}

// The path of `node` from the root ("" for the root), through the names the kernel was told.
bool ReadRecorder::path_of(uint64_t node, std::string& path) const {
    std::vector<const std::string*> names;
    while (node != kRootNode) {
        auto it = names_.find(node);
        if (it == names_.end() || names.size() == kMaxDepth) return false;
        names.push_back(&it->second.name);
        node = it->second.parent;
    }
    path.clear();
    for (auto name = names.rbegin(); name != names.rend(); ++name) {
        if (!path.empty()) path += '/';
        path += **name;
    }
    return path.size() <= PATH_MAX;
}

std::vector<PathStep> ReadRecorder::steps() {
    std::lock_guard<std::mutex> guard(lock_);
    std::vector<PathStep> steps;
    std::string path;
    size_t bytes = 0;
    for (const Visit& visit : visits_) {
        if (!path_of(visit.node, path)) continue;
        if (visit.kind == PathStep::Kind::lookup) {
            if (!path.empty()) path += '/';
            path += visit.name;
        } else if (path.empty()) {
            path = ".";
        }
        bytes += path.size();
        if (bytes > kMaxStepBytes) break;
        steps.push_back({visit.kind, path, visit.after});
    }
    return steps;
}

std::string make_recording(ServedImage& image, const std::vector<ReadRange>& ranges,
                           const std::vector<PathStep>& steps) {
    std::vector<ReadRange> kept;
    std::vector<size_t> kept_before(ranges.size() + 1, 0);  // ranges kept among the first i
    std::string data;
    std::set<std::pair<uint64_t, uint64_t>> seen;  // a range read twice is recorded once
    auto reader = image.borrow();
    if (!reader) return "";
    for (size_t i = 0; i < ranges.size(); ++i) {
        kept_before[i + 1] = kept_before[i];
        ReadRange r = ranges[i];
        if (!seen.insert({r.node, r.offset}).second) continue;
        if (data.size() + r.size > kMaxRecordedBytes) continue;
        long got = reader->read(inode_id_of(r.node, image.root_inode_id()), r.offset, r.size);
        if (got != static_cast<long>(r.size)) continue;
        std::string_view bytes(reader->buffer().data(), r.size);
        r.hash = core::hash64(bytes);
        data += bytes;
        kept.push_back(r);
        kept_before[i + 1] += 1;
    }
    std::vector<PathStep> renumbered = steps;
    for (PathStep& step : renumbered)
        step.after = kept_before[std::min(step.after, ranges.size())];
    return format_recording(kept, renumbered, data);
}

std::string format_recording(const std::vector<ReadRange>& ranges,
                             const std::vector<PathStep>& steps, std::string_view data) {
    std::string text;
    char hash[17];
    auto step = steps.begin();
    auto write_steps_until = [&](size_t reads) {
        for (; step != steps.end() && step->after <= reads; ++step) {
            text += static_cast<char>(step->kind);
            text += ' ';
            text += core::hex_of(step->path);
            text += '\n';
        }
    };
    for (size_t i = 0; i < ranges.size(); ++i) {
        write_steps_until(i);
        const ReadRange& r = ranges[i];
        std::snprintf(hash, sizeof hash, "%016" PRIx64, r.hash);
        text += std::to_string(r.node) + ' ' + std::to_string(r.offset) + ' ' +
                std::to_string(r.size) + ' ' + hash + '\n';
    }
    write_steps_until(SIZE_MAX);
    text.reserve(text.size() + 1 + data.size());
    text += '\n';
    text += data;
    return text;
}

Recording parse_recording(std::string_view file) {
    Recording recording;
    size_t text_end = file.find("\n\n");
    if (text_end == std::string_view::npos) return {};
    const char* at = file.data();
    const char* end = at + text_end + 1;
    auto field = [&](auto& out, char after, int base) {
        auto [next, error] = std::from_chars(at, end, out, base);
        if (error != std::errc() || next == end || *next != after) return false;
        at = next + 1;
        return true;
    };
    // "l PATH" or "d PATH": a path of hex digit pairs, not empty, not longer than PATH_MAX.
    auto path_step = [&](PathStep::Kind kind) {
        const char* line_end = static_cast<const char*>(std::memchr(at, '\n', end - at));
        std::string_view digits(at + 2, static_cast<size_t>(line_end - (at + 2)));
        if (digits.empty() || digits.size() > 2 * size_t{PATH_MAX}) return false;
        auto path = core::bytes_of_hex(digits);
        if (!path) return false;
        recording.steps.push_back({kind, std::move(*path), recording.ranges.size()});
        at = line_end + 1;
        return true;
    };
    uint64_t total = 0;
    while (at != end) {
        if (end - at > 2 && (at[0] == 'l' || at[0] == 'd') && at[1] == ' ') {
            if (recording.steps.size() == ReadRecorder::kMaxSteps ||
                !path_step(static_cast<PathStep::Kind>(at[0]))) {
                return {};
            }
            continue;
        }
        if (recording.ranges.size() == ReadRecorder::kMaxRanges) return {};
        ReadRange r;
        if (!field(r.node, ' ', 10) || !field(r.offset, ' ', 10) || !field(r.size, ' ', 10) ||
            r.node == 0 || r.size == 0) {
            return {};
        }
        const char* hash_at = at;
        if (!field(r.hash, '\n', 16) || at - hash_at != 17) return {};  // 16 digits and '\n'
        total += r.size;
        recording.ranges.push_back(r);
    }
    std::string_view data = file.substr(text_end + 2);
    if (data.size() == total) recording.data = data;
    return recording;
}

namespace {

// Opens `path` beneath `root` without following symbolic links or leaving the mount;
// -1 when that fails (also where openat2 does not exist).
int open_beneath(int root, const std::string& path, uint64_t flags) {
    open_how how{};
    how.flags = flags | O_CLOEXEC | O_NOFOLLOW;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;
    return static_cast<int>(::syscall(SYS_openat2, root, path.c_str(), &how, sizeof how));
}

// Makes the kernel look `step`'s path up (a name that does not exist is remembered too) or
// read its listing, so the app finds them cached.
void visit(int root, const PathStep& step) {
    bool listing = step.kind == PathStep::Kind::listing;
    os::UniqueFd fd(open_beneath(root, step.path, listing ? O_RDONLY | O_DIRECTORY : O_PATH));
    if (!fd || !listing) return;
    std::vector<char> entries(size_t{32} * 1024);
    while (::syscall(SYS_getdents64, fd.get(), entries.data(), entries.size()) > 0) {
    }
}

}  // namespace

void replay_recording(const Replay& replay, const Recording& recording,
                      const std::atomic<bool>& initialized, const std::atomic<bool>& stop) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(replay.budget_ms);
    while (!initialized && !stop && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::microseconds(100));
    ServedImage& image = *replay.image;
    os::UniqueFd root;
    if (!recording.steps.empty() && !replay.mount_point.empty()) {
        root.reset(::open(replay.mount_point.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    }
    // Each range with its bytes: the recorded ones when they are intact, else read now.
    struct Pending {
        const ReadRange* range;
        std::string_view bytes;
        bool checked = false;
    };
    std::vector<Pending> pending;
    pending.reserve(recording.ranges.size());
    size_t at = 0;
    for (const ReadRange& r : recording.ranges) {
        std::string_view bytes;
        if (!recording.data.empty()) bytes = recording.data.substr(at, r.size);
        at += r.size;
        pending.push_back({&r, bytes, false});
    }
    std::deque<std::string> read_now;  // bytes read from the image, kept for a retry
    std::vector<Pending> later;
    std::unordered_set<uint64_t> unknown;  // files the kernel has not looked up, this pass
    // Pushes one range; false when the kernel does not know its file yet.
    auto push = [&](Pending& p) {
        const ReadRange& r = *p.range;
        if (!p.checked && !p.bytes.empty() && core::hash64(p.bytes) != r.hash) p.bytes = {};
        p.checked = true;
        if (p.bytes.empty()) {
            auto reader = image.borrow();
            if (!reader) return true;
            long got = reader->read(inode_id_of(r.node, image.root_inode_id()), r.offset, r.size);
            if (got <= 0) return true;  // the image is not the one recorded: skip
            p.bytes = read_now.emplace_back(reader->buffer().data(), static_cast<size_t>(got));
        }
        fuse_bufvec data = FUSE_BUFVEC_INIT(p.bytes.size());
        data.buf[0].mem = const_cast<char*>(p.bytes.data());
        int stored = fuse_lowlevel_notify_store(
            replay.session, r.node, static_cast<off_t>(r.offset), &data, FUSE_BUF_NO_SPLICE);
        return stored != -ENOENT;  // ENOENT: the kernel has not looked the file up yet
    };
    auto in_time = [&] { return !stop && std::chrono::steady_clock::now() < deadline; };

    // The first pass, in the recorded order: each lookup and listing where it was made.
    auto step = recording.steps.begin();
    for (size_t i = 0; i <= pending.size() && in_time(); ++i) {
        for (; step != recording.steps.end() && step->after <= i && in_time(); ++step) {
            if (root) visit(root.get(), *step);
        }
        if (i == pending.size()) break;
        if (!push(pending[i])) later.push_back(pending[i]);
    }
    pending.swap(later);
    later.clear();
    // Then the ranges of files the app had not looked up yet, until it has.
    while (!pending.empty() && in_time()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        unknown.clear();
        for (Pending& p : pending) {
            if (stop) return;
            if (unknown.contains(p.range->node) || !push(p)) {
                unknown.insert(p.range->node);
                later.push_back(p);
            }
        }
        pending.swap(later);
        later.clear();
    }
}

}  // namespace squashrun::runtime
