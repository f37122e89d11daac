// When the mount server stops. Deciding that is kept apart from serving requests: the serving
// loop polls the descriptors a lifetime watches and asks it after every wake-up.
#pragma once

#include <poll.h>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "os/unique_fd.hpp"

namespace squashrun::runtime {

class ServerLifetime {
  public:
    virtual ~ServerLifetime() = default;
    // Descriptors the serving loop polls besides the FUSE connection; may change after each
    // call of should_stop().
    virtual std::span<pollfd> watched() = 0;
    // After a poll of watched() (their revents filled in): true when the server should stop.
    virtual bool should_stop() = 0;
    // Called once the file system is unmounted and the mount point removed.
    virtual void finished() {}
    // True once the mount's first start is over: the kernel has cached what it read, and
    // the requests left are mostly cheap ones (see serve.cpp).
    virtual bool warm() const { return false; }
};

// SIGINT and SIGTERM, blocked and read from a descriptor, so the server always unmounts
// before it exits.
class StopSignals {
  public:
    StopSignals();
    int fd() const { return fd_.get(); }
    // True when a stop signal was read (call when fd() is readable).
    bool arrived();

  private:
    os::UniqueFd fd_;
};

// A private mount: it lives while any process holds the write end of the keepalive pipe.
class PipeLifetime final : public ServerLifetime {
  public:
    explicit PipeLifetime(int keepalive_fd);
    std::span<pollfd> watched() override { return watched_; }
    bool should_stop() override;

  private:
    StopSignals signals_;
    std::array<pollfd, 2> watched_{};  // keepalive pipe, signals
};

// A shared mount: each launch holds a connection to the server's socket (AppRun and its
// children inherit it). When the last one closes, a grace period starts; a new connection
// cancels it; when it ends, the server stops. Stopping takes the mount's lock, so a launch
// that is joining (it holds the lock) is never turned away, and keeps it until the process
// exits, so no launch mounts on the mount point before it is unmounted.
class ClientLifetime final : public ServerLifetime {
  public:
    struct Paths {
        std::string socket;  // unlinked when the server stops
        std::string lock;    // the mount's lock file
    };
    ClientLifetime(os::UniqueFd listen_fd, Paths paths, int64_t grace_ms);
    std::span<pollfd> watched() override { return watched_; }
    bool should_stop() override;
    void finished() override;
    bool warm() const override { return warm_; }
    size_t clients() const { return clients_.size(); }

  private:
    void accept_clients();
    void arm(int64_t ms);
    bool try_finish();
    void rebuild();

    StopSignals signals_;
    os::UniqueFd listen_;
    os::UniqueFd timer_;
    Paths paths_;
    int64_t grace_ms_;
    std::vector<os::UniqueFd> clients_;
    os::UniqueFd held_lock_;       // from the decision to stop until the process exits
    bool warm_ = false;            // the first clients have all gone
    std::vector<pollfd> watched_;  // signals, listening socket, timer, then the clients
};

}  // namespace squashrun::runtime
