// The handle table and our sqfs_pread, which replaces libsquashfuse's at link time (both
// live in this file, so linking SourceHandle always brings the replacement with it).
#include "runtime/image/source_handle.hpp"

#include <sys/types.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <mutex>
#include <span>

namespace squashrun::runtime {
namespace {

// Enough for every squashfuse instance of a process: the mount server has one, extraction one
// per thread, mkappimage a few.
constexpr size_t kSlots = 256;
// Handles are -(slot + kFirstHandle): negative, and never -1, the usual "no descriptor".
constexpr int kFirstHandle = 2;

struct Table {
    std::mutex lock;  // taken to register and unregister, not to read
    std::array<std::atomic<const core::ByteSource*>, kSlots> sources{};
};

Table& table() {
    static Table instance;
    return instance;
}

const core::ByteSource* source_for(int fd) {
    if (fd > -kFirstHandle) return nullptr;
    size_t slot = static_cast<size_t>(-fd - kFirstHandle);
    if (slot >= kSlots) return nullptr;
    return table().sources[slot].load(std::memory_order_acquire);
}

}  // namespace

core::Result<SourceHandle> SourceHandle::open(std::shared_ptr<const core::ByteSource> source) {
    Table& t = table();
    std::lock_guard guard(t.lock);
    for (size_t slot = 0; slot < kSlots; ++slot) {
        if (t.sources[slot].load(std::memory_order_relaxed) == nullptr) {
            t.sources[slot].store(source.get(), std::memory_order_release);
            return SourceHandle(-static_cast<int>(slot) - kFirstHandle, std::move(source));
        }
    }
    return core::make_error("too many images open at once");
}

SourceHandle::SourceHandle(SourceHandle&& other) noexcept
    : fd_(other.fd_), source_(std::move(other.source_)) {
    other.fd_ = 0;
}

SourceHandle& SourceHandle::operator=(SourceHandle&& other) noexcept {
    if (this != &other) {
        release();
        fd_ = other.fd_;
        source_ = std::move(other.source_);
        other.fd_ = 0;
    }
    return *this;
}

SourceHandle::~SourceHandle() {
    release();
}

void SourceHandle::release() {
    if (fd_ == 0) return;
    Table& t = table();
    std::lock_guard guard(t.lock);
    t.sources[static_cast<size_t>(-fd_ - kFirstHandle)].store(nullptr, std::memory_order_release);
    fd_ = 0;
}

}  // namespace squashrun::runtime

// squashfuse's one read primitive (common.h: typedef int sqfs_fd_t; sqfs_off_t is off_t).
// It wants all `count` bytes; anything else is an error to it.
extern "C" ssize_t sqfs_pread(int fd, void* buffer, size_t count, off_t offset) {
    using squashrun::runtime::source_for;
    if (offset < 0) {
        errno = EINVAL;
        return -1;
    }
    const squashrun::core::ByteSource* source = source_for(fd);
    if (source == nullptr) {
        errno = EBADF;
        return -1;
    }
    auto out = std::span(static_cast<std::byte*>(buffer), count);
    if (!source->read_exact(static_cast<uint64_t>(offset), out)) {
        errno = EIO;
        return -1;
    }
    return static_cast<ssize_t>(count);
}
