// When the mount server stops: the last holder of the keepalive pipe is gone (exited or
// killed), or SIGINT/SIGTERM arrived. Deciding when to stop is kept apart from serving.
#pragma once

#include <poll.h>

#include <array>
#include <span>

namespace squashrun::runtime {

class ServerLifetime {
  public:
    // `keepalive_fd`: read end of the keepalive pipe. Blocks SIGINT and SIGTERM so they are
    // read from a descriptor and the server always unmounts before it exits.
    explicit ServerLifetime(int keepalive_fd);
    ServerLifetime(const ServerLifetime&) = delete;
    ServerLifetime& operator=(const ServerLifetime&) = delete;
    ~ServerLifetime();

    // Descriptors the serving loop polls besides the FUSE connection.
    std::span<pollfd> watched() { return watched_; }
    // After a poll of watched(): true when the server should stop now.
    bool should_stop();

  private:
    std::array<pollfd, 2> watched_{};  // keepalive pipe, signal descriptor
};

}  // namespace squashrun::runtime
