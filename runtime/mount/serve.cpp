// The serving threads. With one thread, the calling thread polls the FUSE connection and the
// lifetime's descriptors. With more, helper threads serve and the calling thread only consults
// the lifetime. Each helper waits in an epoll set of its own. While the mount is cold, every
// request wakes every waiting helper and the first to run takes it: requests are heavy then
// (decompression, checks), and a helper woken alone may be queued behind the app on a busy
// core while the other core idles. Once the mount is warm (its first start over), the
// connection is held as exclusive, so the kernel wakes one helper per request: the requests
// left are cheap (ioctl, a few lookups), and a second wake-up for each would cost more than
// it saves. The connection is non-blocking, so a helper that loses the race for a request
// goes back to its wait.
#include "runtime/mount/serve.hpp"

#define FUSE_USE_VERSION 34
#include <fcntl.h>
#include <fuse3/fuse_lowlevel.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <functional>
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

void signal(int fd) {
    uint64_t one = 1;
    (void)!::write(fd, &one, sizeof one);
}

// Until a descriptor is readable: a stop request, or a helper's news that the connection ended.
class UntilReadable final : public ServerLifetime {
  public:
    explicit UntilReadable(int fd) : watched_{pollfd{fd, POLLIN, 0}} {}
    std::span<pollfd> watched() override { return watched_; }
    bool should_stop() override { return watched_[0].revents != 0; }

  private:
    std::array<pollfd, 1> watched_;
};

// Polls `lifetime`'s descriptors and `fd`: when `serving`, the FUSE connection, whose
// requests it answers; else a descriptor that becomes readable when the connection ends.
// Returns when the lifetime says stop or the connection ends.
void serve_with_lifetime(fuse_session* session, int fd, ServerLifetime& lifetime, bool serving,
                         std::atomic<bool>* warm = nullptr) {
    std::vector<pollfd> fds;
    fuse_buf buffer{};
    for (;;) {
        // The lifetime's descriptors may change after each decision (clients come and go).
        fds.assign(1, pollfd{fd, POLLIN, 0});
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
        if (warm != nullptr && !*warm && lifetime.warm()) *warm = true;
        if (fds[0].revents & POLLIN) {
            if (!serving || serve_one(session, buffer) == Received::closed) break;
        } else if (fds[0].revents & (POLLERR | POLLHUP | POLLNVAL)) {
            break;
        }
    }
    std::free(buffer.mem);
}

struct Helpers {
    int fuse_fd;
    int stop_fd;                    // readable: stop
    int ended_fd;                   // made readable when the connection ends
    std::atomic<bool> warm{false};  // the mount's first start is over
};

// A helper's work from its epoll set: answers requests until `stop_fd` is readable or the
// connection ends (which it reports on `ended_fd`). False when the connection could not be
// kept in the set: the helper must then wait for requests another way.
bool serve_from_epoll(fuse_session* session, Helpers& shared) {
    os::UniqueFd epoll(::epoll_create1(EPOLL_CLOEXEC));
    epoll_event on_request{};
    on_request.events = EPOLLIN;
    on_request.data.fd = shared.fuse_fd;
    epoll_event on_stop{};
    on_stop.events = EPOLLIN;
    on_stop.data.fd = shared.stop_fd;
    if (!epoll || ::epoll_ctl(epoll.get(), EPOLL_CTL_ADD, shared.fuse_fd, &on_request) != 0 ||
        ::epoll_ctl(epoll.get(), EPOLL_CTL_ADD, shared.stop_fd, &on_stop) != 0) {
        return false;
    }
    bool exclusive = false;
    fuse_buf buffer{};
    std::array<epoll_event, 2> events{};
    bool kept = true;
    for (;;) {
        int ready = ::epoll_wait(epoll.get(), events.data(), events.size(), -1);
        if (ready < 0) {
            if (errno == EINTR) continue;
            kept = false;
            break;
        }
        bool request = false, stop = false, ended = false;
        for (int i = 0; i < ready; ++i) {
            if (events[i].data.fd == shared.stop_fd) {
                stop = true;
            } else if (events[i].events & EPOLLIN) {
                request = true;
            } else {
                ended = true;  // EPOLLERR or EPOLLHUP: the connection is gone
            }
        }
        if (stop) break;
        if (request && serve_one(session, buffer) == Received::closed) ended = true;
        if (ended) {
            signal(shared.ended_fd);
            break;
        }
        if (!exclusive && shared.warm) {
            exclusive = true;  // tried once, whatever comes of it
            // EPOLLEXCLUSIVE cannot be added to a registration: it is made again.
            epoll_event wanted = on_request;
            wanted.events |= EPOLLEXCLUSIVE;
            if (::epoll_ctl(epoll.get(), EPOLL_CTL_DEL, shared.fuse_fd, nullptr) == 0 &&
                ::epoll_ctl(epoll.get(), EPOLL_CTL_ADD, shared.fuse_fd, &wanted) != 0 &&
                ::epoll_ctl(epoll.get(), EPOLL_CTL_ADD, shared.fuse_fd, &on_request) != 0) {
                kept = false;
                break;
            }
        }
    }
    std::free(buffer.mem);
    return kept;
}

void serve_as_helper(fuse_session* session, Helpers& shared) {
    if (serve_from_epoll(session, shared)) return;
    // Polling the connection: woken with the others for every request.
    serve_until(session, shared.fuse_fd, shared.stop_fd);
    signal(shared.ended_fd);  // stopped, or the connection ended: either way the end is near
}

}  // namespace

void serve_requests(fuse_session* session, int fuse_fd, ServerLifetime& lifetime, size_t threads) {
    int flags = ::fcntl(fuse_fd, F_GETFL);
    if (flags < 0 || ::fcntl(fuse_fd, F_SETFL, flags | O_NONBLOCK) != 0) threads = 1;
    os::UniqueFd stop(::eventfd(0, EFD_CLOEXEC));
    os::UniqueFd ended(::eventfd(0, EFD_CLOEXEC));
    if (!stop || !ended) threads = 1;
    std::vector<std::thread> helpers;
    Helpers shared{fuse_fd, stop.get(), ended.get()};
    if (threads > 1) {
        try {
            for (size_t i = 0; i < threads; ++i)
                helpers.emplace_back(serve_as_helper, session, std::ref(shared));
        } catch (const std::system_error&) {
            // Fewer threads serve; each still answers every kind of request.
        }
    }
    if (helpers.empty()) {
        serve_with_lifetime(session, fuse_fd, lifetime, true);
        return;
    }
    // Not the connection itself: polling it would wake this thread for every request too.
    serve_with_lifetime(session, ended.get(), lifetime, false, &shared.warm);
    signal(stop.get());
    for (std::thread& helper : helpers)
        helper.join();
}

void serve_until(fuse_session* session, int fuse_fd, int done_fd) {
    UntilReadable until(done_fd);
    serve_with_lifetime(session, fuse_fd, until, true);
}

}  // namespace squashrun::runtime
