// Chunk-by-chunk checks of a signed payload, and the bounded cache of checked chunks.
#include "runtime/image/verified_source.hpp"

#include <syslog.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace squashrun::runtime {

VerifiedSource::VerifiedSource(std::shared_ptr<const core::ByteSource> file,
                               const core::SignedHeader& header, std::vector<std::byte> table,
                               std::string name, std::string program)
    : file_(std::move(file)),
      payload_offset_(header.payload_offset),
      payload_length_(header.payload_length),
      chunk_size_(header.chunk_size),
      table_(std::move(table)),
      name_(std::move(name)),
      program_(std::move(program)),
      reported_(header.chunk_count, false) {}

void VerifiedSource::report(uint64_t index) const {
    {
        std::lock_guard<std::mutex> guard(lock_);
        if (reported_[index]) return;
        reported_[index] = true;
    }
    uint64_t start = payload_offset_ + index * chunk_size_;
    std::string line = name_ + ": payload chunk " + std::to_string(index) + " (bytes " +
                       std::to_string(start) + "+" + std::to_string(chunk_size_) +
                       ") does not match its signature; refusing to read it";
    std::string shown = program_ + ": " + line + "\n";
    (void)!::write(STDERR_FILENO, shown.data(), shown.size());
    ::syslog(LOG_ERR | LOG_USER, "%s: %s", program_.c_str(), line.c_str());
}

core::Result<VerifiedSource::Chunk> VerifiedSource::checked_chunk(uint64_t index) const {
    {
        std::lock_guard<std::mutex> guard(lock_);
        if (auto at = cache_.find(index); at != cache_.end()) {
            recent_.splice(recent_.begin(), recent_, at->second.second);
            return at->second.first;
        }
    }
    uint64_t start = index * chunk_size_;
    size_t length = static_cast<size_t>(std::min<uint64_t>(chunk_size_, payload_length_ - start));
    auto bytes = std::make_shared<std::vector<std::byte>>(length);
    if (auto st = file_->read_exact(payload_offset_ + start, *bytes); !st) return st.error();
    core::Hash256 hash = core::hash256(*bytes);
    // Public values on both sides: a plain comparison (libsodium's constant-time one would
    // link its whole library set-up into the runtime).
    if (std::memcmp(hash.data(), table_.data() + index * core::kChunkHashBytes, hash.size()) != 0) {
        report(index);
        return core::make_error("payload chunk " + std::to_string(index) +
                                " does not match its signature");
    }
    std::lock_guard<std::mutex> guard(lock_);
    if (auto at = cache_.find(index); at != cache_.end()) return at->second.first;
    recent_.push_front(index);
    cache_.emplace(index, std::make_pair(Chunk(bytes), recent_.begin()));
    while (cache_.size() > kCachedChunks) {
        cache_.erase(recent_.back());
        recent_.pop_back();
    }
    return Chunk(bytes);
}

core::Status VerifiedSource::read_exact(uint64_t offset, std::span<std::byte> out) const {
    if (out.empty()) return {};
    if (offset < payload_offset_ || offset - payload_offset_ > payload_length_ ||
        out.size() > payload_length_ - (offset - payload_offset_)) {
        return core::make_error("read outside the signed payload");
    }
    uint64_t at = offset - payload_offset_;
    size_t done = 0;
    while (done < out.size()) {
        uint64_t index = at / chunk_size_;
        auto chunk = checked_chunk(index);
        if (!chunk) return chunk.error();
        size_t within = static_cast<size_t>(at - index * chunk_size_);
        size_t n = std::min(out.size() - done, (*chunk)->size() - within);
        std::memcpy(out.data() + done, (*chunk)->data() + within, n);
        done += n;
        at += n;
    }
    return {};
}

}  // namespace squashrun::runtime
