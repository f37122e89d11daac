// A regular file mapped read-only into memory, for data read once and in parts.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace squashrun::os {

class MappedFile {
  public:
    // Maps the regular file at `path` (not through a symlink), at most `limit` bytes long.
    // Errors read "<path>: <reason>".
    static core::Result<MappedFile> open(const std::string& path, size_t limit);
    MappedFile() = default;
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    std::string_view bytes() const { return {data_, size_}; }

  private:
    MappedFile(const char* data, size_t size) : data_(data), size_(size) {}
    const char* data_ = nullptr;
    size_t size_ = 0;
};

}  // namespace squashrun::os
