// Squashfs images made by mksquashfs (the oracle) and kept in memory for the reader's tests.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/format/byte_source.hpp"

namespace squashrun::test {

// A byte source over bytes it owns, counting the reads that reach it.
class OwnedMemorySource final : public core::ByteSource {
  public:
    explicit OwnedMemorySource(std::vector<std::byte> bytes) : bytes_(std::move(bytes)) {}
    uint64_t size() const override { return bytes_.size(); }
    core::Status read_exact(uint64_t offset, std::span<std::byte> out) const override {
        ++reads_;
        return core::MemorySource(bytes_).read_exact(offset, out);
    }
    std::vector<std::byte>& bytes() { return bytes_; }
    size_t reads() const { return reads_; }

  private:
    std::vector<std::byte> bytes_;
    mutable std::atomic<size_t> reads_{0};
};

// mksquashfs `dir` (zstd, 4K blocks so small files span blocks) and return the image with
// `prefix` zero bytes before it, as the runtime precedes a payload.
std::vector<std::byte> squashfs_of(const std::string& dir, size_t prefix);

}  // namespace squashrun::test
