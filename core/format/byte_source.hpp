// ByteSource: bounded random-access reads from memory or from a file descriptor.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace squashrun::core {

class ByteSource {
  public:
    virtual ~ByteSource() = default;
    virtual uint64_t size() const = 0;
    // Fills `out` completely from `offset`, or fails (short reads are errors).
    virtual Status read_exact(uint64_t offset, std::span<std::byte> out) const = 0;

    Result<std::vector<std::byte>> read_vector(uint64_t offset, uint64_t length) const;
};

class MemorySource final : public ByteSource {
  public:
    explicit MemorySource(std::span<const std::byte> bytes) : bytes_(bytes) {}
    uint64_t size() const override { return bytes_.size(); }
    Status read_exact(uint64_t offset, std::span<std::byte> out) const override;

  private:
    std::span<const std::byte> bytes_;
};

// Reads with pread(2); does not own the descriptor.
class FileSource final : public ByteSource {
  public:
    FileSource(int fd, uint64_t size) : fd_(fd), size_(size) {}
    uint64_t size() const override { return size_; }
    Status read_exact(uint64_t offset, std::span<std::byte> out) const override;

  private:
    int fd_;
    uint64_t size_;
};

// Little-endian field access on a byte buffer whose size the caller has checked.
inline uint16_t load_le16(const std::byte* p) {
    return static_cast<uint16_t>(std::to_integer<uint16_t>(p[0]) |
                                 (std::to_integer<uint16_t>(p[1]) << 8));
}
inline uint32_t load_le32(const std::byte* p) {
    return static_cast<uint32_t>(load_le16(p)) | (static_cast<uint32_t>(load_le16(p + 2)) << 16);
}
inline uint64_t load_le64(const std::byte* p) {
    return static_cast<uint64_t>(load_le32(p)) | (static_cast<uint64_t>(load_le32(p + 4)) << 32);
}

}  // namespace squashrun::core
