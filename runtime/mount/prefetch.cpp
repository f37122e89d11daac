// Recording reads, and replaying them into the kernel's page cache with notify_store.
#include "runtime/mount/prefetch.hpp"

#define FUSE_USE_VERSION 34
#include <fuse3/fuse_lowlevel.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <thread>

#include "runtime/mount/node_ids.hpp"
#include "runtime/mount/served_image.hpp"

namespace squashrun::runtime {

void ReadRecorder::note(uint64_t node, uint64_t offset, uint32_t size) {
    std::lock_guard<std::mutex> guard(lock_);
    if (ranges_.size() < kMaxRanges) ranges_.push_back({node, offset, size});
}

std::vector<ReadRange> ReadRecorder::ranges() {
    std::lock_guard<std::mutex> guard(lock_);
    return ranges_;
}

std::string format_reads(const std::vector<ReadRange>& ranges) {
    std::string text;
    for (const ReadRange& r : ranges) {
        text += std::to_string(r.node) + ' ' + std::to_string(r.offset) + ' ' +
                std::to_string(r.size) + '\n';
    }
    return text;
}

std::vector<ReadRange> parse_reads(const std::string& text) {
    std::vector<ReadRange> ranges;
    const char* at = text.data();
    const char* end = at + text.size();
    auto number = [&](auto& out, char after) {
        auto [next, error] = std::from_chars(at, end, out);
        if (error != std::errc() || next == end || *next != after) return false;
        at = next + 1;
        return true;
    };
    while (at != end && ranges.size() < ReadRecorder::kMaxRanges) {
        ReadRange r;
        if (!number(r.node, ' ') || !number(r.offset, ' ') || !number(r.size, '\n') ||
            r.node == 0 || r.size == 0) {
            return {};
        }
        ranges.push_back(r);
    }
    return ranges;
}

void replay_reads(fuse_session* session, ServedImage& image, std::vector<ReadRange> ranges,
                  int64_t budget_ms, const std::atomic<bool>& initialized,
                  const std::atomic<bool>& stop) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(budget_ms);
    while (!initialized && !stop && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::microseconds(100));
    std::vector<ReadRange> later;
    while (!ranges.empty() && !stop && std::chrono::steady_clock::now() < deadline) {
        for (const ReadRange& r : ranges) {
            if (stop) return;
            auto reader = image.borrow();
            if (!reader) return;
            long got = reader->read(inode_id_of(r.node, image.root_inode_id()), r.offset, r.size);
            if (got <= 0) continue;  // the image is not the one recorded: skip
            fuse_bufvec data = FUSE_BUFVEC_INIT(static_cast<size_t>(got));
            data.buf[0].mem = reader->buffer().data();
            int stored = fuse_lowlevel_notify_store(session, r.node, static_cast<off_t>(r.offset),
                                                    &data, FUSE_BUF_NO_SPLICE);
            // ENOENT: the kernel has not looked the file up yet; the app is about to.
            if (stored == -ENOENT) later.push_back(r);
        }
        ranges.swap(later);
        later.clear();
        if (!ranges.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

}  // namespace squashrun::runtime
