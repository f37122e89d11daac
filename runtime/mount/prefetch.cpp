// Recording reads with their bytes, and replaying them into the kernel's page cache with
// notify_store.
#include "runtime/mount/prefetch.hpp"

#define FUSE_USE_VERSION 34
#include <fuse3/fuse_lowlevel.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <deque>
#include <set>
#include <thread>
#include <unordered_set>
#include <utility>

#include "core/cache/content_hash.hpp"
#include "runtime/mount/node_ids.hpp"
#include "runtime/mount/served_image.hpp"

namespace squashrun::runtime {

void ReadRecorder::note(uint64_t node, uint64_t offset, uint32_t size) {
    std::lock_guard<std::mutex> guard(lock_);
    if (ranges_.size() < kMaxRanges) ranges_.push_back({node, offset, size, 0});
}

std::vector<ReadRange> ReadRecorder::ranges() {
    std::lock_guard<std::mutex> guard(lock_);
    return ranges_;
}

std::string make_recording(ServedImage& image, const std::vector<ReadRange>& ranges) {
    std::vector<ReadRange> kept;
    std::string data;
    std::set<std::pair<uint64_t, uint64_t>> seen;  // a range read twice is recorded once
    auto reader = image.borrow();
    if (!reader) return "";
    for (ReadRange r : ranges) {
        if (!seen.insert({r.node, r.offset}).second) continue;
        if (data.size() + r.size > kMaxRecordedBytes) break;
        long got = reader->read(inode_id_of(r.node, image.root_inode_id()), r.offset, r.size);
        if (got != static_cast<long>(r.size)) continue;
        std::string_view bytes(reader->buffer().data(), r.size);
        r.hash = core::hash64(bytes);
        data += bytes;
        kept.push_back(r);
    }
    return format_recording(kept, data);
}

std::string format_recording(const std::vector<ReadRange>& ranges, std::string_view data) {
    std::string text;
    char hash[17];
    for (const ReadRange& r : ranges) {
        std::snprintf(hash, sizeof hash, "%016" PRIx64, r.hash);
        text += std::to_string(r.node) + ' ' + std::to_string(r.offset) + ' ' +
                std::to_string(r.size) + ' ' + hash + '\n';
    }
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
    uint64_t total = 0;
    while (at != end) {
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

void replay_reads(fuse_session* session, ServedImage& image, const Recording& recording,
                  int64_t budget_ms, const std::atomic<bool>& initialized,
                  const std::atomic<bool>& stop) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(budget_ms);
    while (!initialized && !stop && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::microseconds(100));
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
    while (!pending.empty() && !stop && std::chrono::steady_clock::now() < deadline) {
        unknown.clear();
        for (Pending& p : pending) {
            if (stop) return;
            const ReadRange& r = *p.range;
            if (unknown.contains(r.node)) {
                later.push_back(p);
                continue;
            }
            if (!p.checked && !p.bytes.empty() && core::hash64(p.bytes) != r.hash) p.bytes = {};
            p.checked = true;
            if (p.bytes.empty()) {
                auto reader = image.borrow();
                if (!reader) return;
                long got =
                    reader->read(inode_id_of(r.node, image.root_inode_id()), r.offset, r.size);
                if (got <= 0) continue;  // the image is not the one recorded: skip
                p.bytes = read_now.emplace_back(reader->buffer().data(), static_cast<size_t>(got));
            }
            fuse_bufvec data = FUSE_BUFVEC_INIT(p.bytes.size());
            data.buf[0].mem = const_cast<char*>(p.bytes.data());
            int stored = fuse_lowlevel_notify_store(session, r.node, static_cast<off_t>(r.offset),
                                                    &data, FUSE_BUF_NO_SPLICE);
            // ENOENT: the kernel has not looked the file up yet; the app is about to.
            if (stored == -ENOENT) {
                unknown.insert(r.node);
                later.push_back(p);
            }
        }
        pending.swap(later);
        later.clear();
        if (!pending.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

}  // namespace squashrun::runtime
