// The serving threads. With one thread, the calling thread polls the FUSE connection and the
// lifetime's descriptors. With more, helper threads serve and the calling thread only consults
// the lifetime. Each helper waits in an epoll set of its own. While the mount is cold, every
// request wakes every waiting helper and the first to run takes it: requests are heavy then
// (decompression, checks), and a helper woken alone may be queued behind the app on a busy
// core while the other core idles. Once the mount is warm (its first start over), the
// connection is held as exclusive, so the kernel wakes one helper per request: the requests
// left are cheap (ioctl, a few lookups), and a second wake-up for each would cost more than
// it saves; helpers kept on a CPU then wait at idle priority (placement.hpp). The connection
// is non-blocking, so a helper that loses the race for a request goes back to its wait.
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
#include <memory>
#include <system_error>
#include <thread>
#include <vector>

#include "os/unique_fd.hpp"
#include "runtime/mount/lifetime.hpp"
#include "runtime/mount/placement.hpp"

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

struct Helpers {
    int fuse_fd;
    int stop_fd;                          // readable: stop
    int ended_fd;                         // made readable when the connection ends
    int warm_fd;                          // made readable when the mount is warm
    std::vector<int> cpus;                // an idle helper for each, once the mount is warm
    std::atomic<bool> warm{false};        // the mount's first start is over
    std::atomic<size_t> idle_settled{0};  // idle helpers that took their place, or gave up
    std::unique_ptr<std::atomic<pid_t>[]> threads {};  // every helper's thread id, once it runs
};

// Polls `lifetime`'s descriptors and `fd`: when `serving`, the FUSE connection, whose
// requests it answers; else a descriptor that becomes readable when the connection ends.
// Returns when the lifetime says stop or the connection ends. Tells `helpers` when the mount
// is warm.
void serve_with_lifetime(fuse_session* session, int fd, ServerLifetime& lifetime, bool serving,
                         Helpers* helpers = nullptr) {
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
        if (helpers != nullptr && !helpers->warm && lifetime.warm()) {
            helpers->warm = true;
            signal(helpers->warm_fd);
        }
        if (fds[0].revents & POLLIN) {
            if (!serving || serve_one(session, buffer) == Received::closed) break;
        } else if (fds[0].revents & (POLLERR | POLLHUP | POLLNVAL)) {
            break;
        }
    }
    std::free(buffer.mem);
}

// An epoll set of a helper's: `stop_fd` and one more descriptor.
os::UniqueFd epoll_of(int stop_fd, int fd, uint32_t events) {
    os::UniqueFd epoll(::epoll_create1(EPOLL_CLOEXEC));
    epoll_event on_fd{};
    on_fd.events = events;
    on_fd.data.fd = fd;
    epoll_event on_stop{};
    on_stop.events = EPOLLIN;
    on_stop.data.fd = stop_fd;
    if (!epoll || ::epoll_ctl(epoll.get(), EPOLL_CTL_ADD, fd, &on_fd) != 0 ||
        ::epoll_ctl(epoll.get(), EPOLL_CTL_ADD, stop_fd, &on_stop) != 0) {
        return {};
    }
    return epoll;
}

enum class Woken { request, stop, ended, failed };

// Waits in `epoll` (epoll_of): a request, the stop, the connection's end, or a failure.
Woken wait_in(int epoll, int stop_fd) {
    std::array<epoll_event, 2> events{};
    int ready = 0;
    while ((ready = ::epoll_wait(epoll, events.data(), events.size(), -1)) < 0) {
        if (errno != EINTR) return Woken::failed;
    }
    bool request = false, ended = false;
    for (int i = 0; i < ready; ++i) {
        if (events[i].data.fd == stop_fd) return Woken::stop;
        if (events[i].events & EPOLLIN) {
            request = true;
        } else {
            ended = true;  // EPOLLERR or EPOLLHUP: the connection is gone
        }
    }
    return request ? Woken::request : ended ? Woken::ended : Woken::failed;
}

// A helper's work from its epoll set: answers requests until `stop_fd` is readable or the
// connection ends (which it reports on `ended_fd`). False when the connection could not be
// kept in the set: the helper must then wait for requests another way. Once the mount is warm
// and the idle helpers have taken their place at the head of the connection's queue, the
// connection is held as exclusive.
bool serve_from_epoll(fuse_session* session, Helpers& shared) {
    os::UniqueFd epoll = epoll_of(shared.stop_fd, shared.fuse_fd, EPOLLIN);
    if (!epoll) return false;
    bool exclusive = false;
    fuse_buf buffer{};
    bool kept = true;
    for (;;) {
        Woken woken = wait_in(epoll.get(), shared.stop_fd);
        if (woken == Woken::stop) break;
        if (woken == Woken::failed) {
            kept = false;
            break;
        }
        if (woken == Woken::ended ||
            (woken == Woken::request && serve_one(session, buffer) == Received::closed)) {
            signal(shared.ended_fd);
            break;
        }
        if (!exclusive && shared.warm && shared.idle_settled == shared.cpus.size()) {
            exclusive = true;  // tried once, whatever comes of it
            // EPOLLEXCLUSIVE cannot be added to a registration: it is made again.
            epoll_event wanted{};
            wanted.events = EPOLLIN | EPOLLEXCLUSIVE;
            wanted.data.fd = shared.fuse_fd;
            epoll_event plain = wanted;
            plain.events = EPOLLIN;
            if (::epoll_ctl(epoll.get(), EPOLL_CTL_DEL, shared.fuse_fd, nullptr) == 0 &&
                ::epoll_ctl(epoll.get(), EPOLL_CTL_ADD, shared.fuse_fd, &wanted) != 0 &&
                ::epoll_ctl(epoll.get(), EPOLL_CTL_ADD, shared.fuse_fd, &plain) != 0) {
                kept = false;
                break;
            }
        }
    }
    std::free(buffer.mem);
    return kept;
}

// A helper's thread id in its slot while it runs (0 once it is done, so the id of a thread
// that is gone is never used).
class ThreadSlot {
  public:
    explicit ThreadSlot(std::atomic<pid_t>& slot) : slot_(slot) { slot_ = ::gettid(); }
    ~ThreadSlot() { slot_ = 0; }
    ThreadSlot(const ThreadSlot&) = delete;
    ThreadSlot& operator=(const ThreadSlot&) = delete;

  private:
    std::atomic<pid_t>& slot_;
};

void serve_as_helper(fuse_session* session, Helpers& shared, size_t index) {
    ThreadSlot slot(shared.threads[index]);
    if (serve_from_epoll(session, shared)) return;
    // Polling the connection: woken with the others for every request.
    serve_until(session, shared.fuse_fd, shared.stop_fd);
    signal(shared.ended_fd);  // stopped, or the connection ended: either way the end is near
}

// How long an idle helper whose waits for its CPU added up stays out of the queue's way.
constexpr int kStepBackMs = 1000;

// An idle helper: once the mount is warm, waits on `cpu` at idle priority, first in the
// connection's queue, until the stop or the connection's end. When its waits for the CPU add
// up (placement.hpp), it steps back for kStepBackMs: out of epoll_wait, the kernel passes it
// over and wakes the next helper in the queue, while its place at the head is kept.
void serve_at_idle(fuse_session* session, Helpers& shared, size_t index, int cpu) {
    ThreadSlot slot(shared.threads[index]);
    {
        os::UniqueFd until_warm = epoll_of(shared.stop_fd, shared.warm_fd, EPOLLIN);
        if (!until_warm || wait_in(until_warm.get(), shared.stop_fd) != Woken::request) {
            ++shared.idle_settled;
            return;
        }
    }
    IdleOnCpu idle;
    os::UniqueFd epoll;
    if (idle.start(cpu)) epoll = epoll_of(shared.stop_fd, shared.fuse_fd, EPOLLIN | EPOLLEXCLUSIVE);
    ++shared.idle_settled;
    if (!epoll) return;
    fuse_buf buffer{};
    for (;;) {
        idle.before_waiting();
        Woken woken = wait_in(epoll.get(), shared.stop_fd);
        if (woken == Woken::stop || woken == Woken::failed) break;
        bool calm = idle.after_waking();
        // The request it was woken for is answered first: no one else was woken for it.
        if (woken == Woken::ended ||
            (woken == Woken::request && serve_one(session, buffer) == Received::closed)) {
            signal(shared.ended_fd);
            break;
        }
        if (calm) continue;
        pollfd stop{shared.stop_fd, POLLIN, 0};
        int ready = 0;
        while ((ready = ::poll(&stop, 1, kStepBackMs)) < 0 && errno == EINTR) {
        }
        if (ready != 0) break;  // the stop, or a poll that failed
    }
    std::free(buffer.mem);
}

}  // namespace

void serve_requests(fuse_session* session, int fuse_fd, ServerLifetime& lifetime, size_t threads,
                    std::vector<int> cpus) {
    int flags = ::fcntl(fuse_fd, F_GETFL);
    if (flags < 0 || ::fcntl(fuse_fd, F_SETFL, flags | O_NONBLOCK) != 0) threads = 1;
    os::UniqueFd stop(::eventfd(0, EFD_CLOEXEC));
    os::UniqueFd ended(::eventfd(0, EFD_CLOEXEC));
    os::UniqueFd warm(::eventfd(0, EFD_CLOEXEC));
    if (!stop || !ended || !warm) threads = 1;
    if (threads <= 1) cpus.clear();
    std::vector<std::thread> helpers;
    Helpers shared{fuse_fd, stop.get(), ended.get(), warm.get(), std::move(cpus)};
    shared.threads = std::make_unique<std::atomic<pid_t>[]>(threads + shared.cpus.size());
    if (threads > 1) {
        try {
            for (size_t i = 0; i < threads; ++i)
                helpers.emplace_back(serve_as_helper, session, std::ref(shared), i);
        } catch (const std::system_error&) {
            // Fewer threads serve; each still answers every kind of request.
        }
    }
    if (helpers.empty()) {
        serve_with_lifetime(session, fuse_fd, lifetime, true);
        return;
    }
    size_t started = 0;
    try {
        for (; started < shared.cpus.size(); ++started) {
            helpers.emplace_back(serve_at_idle, session, std::ref(shared), threads + started,
                                 shared.cpus[started]);
        }
    } catch (const std::system_error&) {
        shared.idle_settled += shared.cpus.size() - started;  // the others serve without them
    }
    // Not the connection itself: polling it would wake this thread for every request too.
    serve_with_lifetime(session, ended.get(), lifetime, false, &shared);
    signal(stop.get());
    // An idle helper could wait long for a busy CPU before it sees the stop.
    for (size_t i = 0; i < threads + shared.cpus.size(); ++i)
        make_normal(shared.threads[i]);
    for (std::thread& helper : helpers)
        helper.join();
}

void serve_until(fuse_session* session, int fuse_fd, int done_fd) {
    UntilReadable until(done_fd);
    serve_with_lifetime(session, fuse_fd, until, true);
}

}  // namespace squashrun::runtime
