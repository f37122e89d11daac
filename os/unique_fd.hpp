// UniqueFd: the one owner of a file descriptor, closed when the owner goes.
#pragma once

#include <unistd.h>

#include <utility>

namespace squashrun::os {

class UniqueFd {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) noexcept : fd_(fd) {}
    UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept {
        if (this != &other) reset(other.release());
        return *this;
    }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd() { reset(); }

    int get() const noexcept { return fd_; }
    bool valid() const noexcept { return fd_ >= 0; }
    explicit operator bool() const noexcept { return valid(); }

    // Gives the descriptor up without closing it; this owner is then empty.
    int release() noexcept { return std::exchange(fd_, -1); }

    // Closes the descriptor held (if any) and takes `fd`. close() is not retried on EINTR:
    // Linux has released the descriptor by then, and another thread may already reuse it.
    void reset(int fd = -1) noexcept {
        int old = std::exchange(fd_, fd);
        if (old >= 0) ::close(old);
    }

  private:
    int fd_ = -1;
};

}  // namespace squashrun::os
