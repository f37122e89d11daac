// Stop conditions: stop signals, the keepalive pipe's hang-up, and counted clients with a
// grace period on a timerfd.
#include "runtime/mount/lifetime.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>

namespace squashrun::runtime {
namespace {

// How soon to try again when a launch holds the lock at the end of the grace period.
constexpr int64_t kRetryMs = 20;

}  // namespace

StopSignals::StopSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    ::sigprocmask(SIG_BLOCK, &set, nullptr);
    fd_.reset(::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
}

bool StopSignals::arrived() {
    signalfd_siginfo info{};
    return ::read(fd_.get(), &info, sizeof info) == sizeof info;
}

PipeLifetime::PipeLifetime(int keepalive_fd) {
    watched_[0] = {keepalive_fd, POLLIN, 0};
    watched_[1] = {signals_.fd(), POLLIN, 0};
}

bool PipeLifetime::should_stop() {
    if ((watched_[1].revents & POLLIN) && signals_.arrived()) return true;
    // Nobody writes to the pipe: any event on it means every holder is gone.
    return (watched_[0].revents & (POLLHUP | POLLERR | POLLIN)) != 0;
}

ClientLifetime::ClientLifetime(os::UniqueFd listen_fd, Paths paths, int64_t grace_ms)
    : listen_(std::move(listen_fd)),
      timer_(::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK)),
      paths_(std::move(paths)),
      grace_ms_(grace_ms) {
    // The launch that started the server connects once it is mounted; until then, and if
    // it never does, the grace period runs.
    arm(grace_ms_);
    rebuild();
}

void ClientLifetime::arm(int64_t ms) {
    itimerspec when{};
    when.it_value.tv_sec = static_cast<time_t>(ms / 1000);
    when.it_value.tv_nsec = static_cast<long>(ms % 1000) * 1'000'000;
    if (ms <= 0) when.it_value.tv_nsec = 1;  // at once (all zero would disarm)
    ::timerfd_settime(timer_.get(), 0, &when, nullptr);
}

void ClientLifetime::rebuild() {
    watched_.clear();
    watched_.push_back({signals_.fd(), POLLIN, 0});
    watched_.push_back({listen_.get(), POLLIN, 0});
    watched_.push_back({timer_.get(), POLLIN, 0});
    for (const auto& client : clients_)
        watched_.push_back({client.get(), POLLIN, 0});
}

// Every pending connection becomes a client: it is told "k" (the mount is there) and
// counted until it hangs up. Connections from other users are closed unanswered.
void ClientLifetime::accept_clients() {
    for (;;) {
        os::UniqueFd client(::accept4(listen_.get(), nullptr, nullptr, SOCK_CLOEXEC));
        if (!client) return;
        ucred peer{};
        socklen_t size = sizeof peer;
        if (::getsockopt(client.get(), SOL_SOCKET, SO_PEERCRED, &peer, &size) != 0 ||
            peer.uid != ::geteuid()) {
            continue;
        }
        if (::send(client.get(), "k", 1, MSG_NOSIGNAL) != 1) continue;
        ::shutdown(client.get(), SHUT_WR);
        clients_.push_back(std::move(client));
        itimerspec off{};
        ::timerfd_settime(timer_.get(), 0, &off, nullptr);
    }
}

// At the end of the grace period: stop unless a launch is joining right now.
bool ClientLifetime::try_finish() {
    os::UniqueFd lock(::open(paths_.lock.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW));
    if (lock && ::flock(lock.get(), LOCK_EX | LOCK_NB) != 0) {
        arm(kRetryMs);
        return false;
    }
    accept_clients();  // a launch that connected just before the lock was taken
    if (!clients_.empty()) return false;
    // From here on no launch can find this server. The lock stays held until the process
    // exits, after the unmount, so the next launch mounts afresh on an empty mount point.
    ::unlink(paths_.socket.c_str());
    listen_.reset();
    held_lock_ = std::move(lock);
    return true;
}

void ClientLifetime::finished() {
    // Still held: launches waiting for it see it unlinked once this process exits and take a
    // new one (see shared.cpp). Unlinked any earlier, a launch would take a new lock at once
    // and make its mount point while this server still removes its own.
    if (held_lock_) ::unlink(paths_.lock.c_str());
}

bool ClientLifetime::should_stop() {
    if ((watched_[0].revents & POLLIN) && signals_.arrived()) {
        ::unlink(paths_.socket.c_str());
        return true;
    }
    bool changed = false;
    if (watched_[1].revents & POLLIN) {
        size_t before = clients_.size();
        accept_clients();
        changed = clients_.size() != before;
    }
    for (size_t i = 3; i < watched_.size(); ++i) {
        // Clients never write: readable means end-of-file, every holder of it is gone.
        if (watched_[i].revents & (POLLIN | POLLHUP | POLLERR)) {
            int fd = watched_[i].fd;
            std::erase_if(clients_, [fd](const os::UniqueFd& c) { return c.get() == fd; });
            changed = true;
            if (clients_.empty()) {
                warm_ = true;
                arm(grace_ms_);
            }
        }
    }
    if (watched_[2].revents & POLLIN) {
        uint64_t expirations = 0;
        (void)::read(timer_.get(), &expirations, sizeof expirations);
        if (clients_.empty() && try_finish()) return true;
        changed = true;
    }
    if (changed) rebuild();
    return false;
}

}  // namespace squashrun::runtime
