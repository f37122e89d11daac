// The serving threads. The calling thread polls the FUSE connection and the lifetime's
// descriptors and alone consults the lifetime; the others poll only the connection and a stop
// descriptor. The connection is non-blocking, so a thread that loses the race for a request
// goes back to its poll instead of sleeping in read(2) while the lifetime has news.
#include "runtime/mount/serve.hpp"

#define FUSE_USE_VERSION 34
#include <fcntl.h>
#include <fuse3/fuse_lowlevel.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <system_error>
#include <thread>
#include <vector>

#include "os/unique_fd.hpp"
#include "runtime/mount/lifetime.hpp"

namespace squashrun::runtime {
namespace {

enum class Received { request, none, closed };

// Reads and answers one request if one is waiting.
Received serve_one(fuse_session* session, fuse_buf& buffer) {
    int got = fuse_session_receive_buf(session, &buffer);
    if (got == -EINTR || got == -EAGAIN) return Received::none;
    if (got <= 0) return Received::closed;
    fuse_session_process_buf(session, &buffer);
    return Received::request;
}

// A helper thread's lifetime: until the calling thread says stop (its descriptor readable).
class UntilStopped final : public ServerLifetime {
  public:
    explicit UntilStopped(int stop_fd) : watched_{pollfd{stop_fd, POLLIN, 0}} {}
    std::span<pollfd> watched() override { return watched_; }
    bool should_stop() override { return watched_[0].revents != 0; }

  private:
    std::array<pollfd, 1> watched_;
};

void serve_with_lifetime(fuse_session* session, int fuse_fd, ServerLifetime& lifetime) {
    std::vector<pollfd> fds;
    fuse_buf buffer{};
    for (;;) {
        // The lifetime's descriptors may change after each decision (clients come and go).
        fds.assign(1, pollfd{fuse_fd, POLLIN, 0});
        for (const pollfd& watched : lifetime.watched())
            fds.push_back(pollfd{watched.fd, watched.events, 0});
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        auto watched = lifetime.watched();
        for (size_t i = 0; i < watched.size(); ++i)
            watched[i].revents = fds[i + 1].revents;
        if (lifetime.should_stop()) break;
        if (fds[0].revents & POLLIN) {
            if (serve_one(session, buffer) == Received::closed) break;
        } else if (fds[0].revents & (POLLERR | POLLHUP)) {
            break;
        }
    }
    std::free(buffer.mem);
}

}  // namespace

void serve_requests(fuse_session* session, int fuse_fd, ServerLifetime& lifetime, size_t threads) {
    int flags = ::fcntl(fuse_fd, F_GETFL);
    if (flags < 0 || ::fcntl(fuse_fd, F_SETFL, flags | O_NONBLOCK) != 0) threads = 1;
    os::UniqueFd stop(::eventfd(0, EFD_CLOEXEC));
    if (!stop) threads = 1;
    std::vector<std::thread> helpers;
    try {
        for (size_t i = 1; i < threads; ++i)
            helpers.emplace_back([session, fuse_fd, stop_fd = stop.get()] {
                UntilStopped until(stop_fd);
                serve_with_lifetime(session, fuse_fd, until);
            });
    } catch (const std::system_error&) {
        // Fewer threads serve; each still answers every kind of request.
    }
    serve_with_lifetime(session, fuse_fd, lifetime);
    if (!helpers.empty()) {
        uint64_t one = 1;
        (void)!::write(stop.get(), &one, sizeof one);
    }
    for (std::thread& helper : helpers)
        helper.join();
}

}  // namespace squashrun::runtime
