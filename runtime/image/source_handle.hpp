// The seam through which squashfuse reads an image: every read it makes goes to our
// sqfs_pread (DESIGN.md §4), which reads from the byte source registered for the handle.
// The signature check of issue 11 becomes a byte source that verifies what it returns.
#pragma once

#include <memory>

#include "core/format/byte_source.hpp"
#include "core/result.hpp"

namespace squashrun::runtime {

// Registers a byte source for as long as it lives; squashfuse is given fd() as the image's
// descriptor. Opening, releasing and reading are thread-safe: squashfuse instances on several
// threads may read at once. The rule: a handle outlives every squashfuse instance set up over
// it (release it only after sqfs_destroy), since a freed slot is given to the next image.
class SourceHandle {
  public:
    static core::Result<SourceHandle> open(std::shared_ptr<const core::ByteSource> source);
    SourceHandle(SourceHandle&& other) noexcept;
    SourceHandle& operator=(SourceHandle&& other) noexcept;
    SourceHandle(const SourceHandle&) = delete;
    SourceHandle& operator=(const SourceHandle&) = delete;
    ~SourceHandle();

    // Never a real descriptor (always negative), so a read cannot reach the wrong file.
    int fd() const { return fd_; }
    const core::ByteSource& source() const { return *source_; }

  private:
    SourceHandle(int fd, std::shared_ptr<const core::ByteSource> source)
        : fd_(fd), source_(std::move(source)) {}
    void release();
    int fd_ = 0;
    std::shared_ptr<const core::ByteSource> source_;
};

}  // namespace squashrun::runtime
