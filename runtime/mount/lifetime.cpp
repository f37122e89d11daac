// The server's stop conditions: keepalive hang-up and stop signals, both as descriptors.
#include "runtime/mount/lifetime.hpp"

#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

namespace squashrun::runtime {

ServerLifetime::ServerLifetime(int keepalive_fd) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    ::sigprocmask(SIG_BLOCK, &set, nullptr);
    watched_[0] = {keepalive_fd, POLLIN, 0};
    watched_[1] = {::signalfd(-1, &set, SFD_CLOEXEC), POLLIN, 0};
}

ServerLifetime::~ServerLifetime() {
    if (watched_[1].fd >= 0) ::close(watched_[1].fd);
}

bool ServerLifetime::should_stop() {
    if (watched_[1].revents & POLLIN) {
        signalfd_siginfo info{};
        if (::read(watched_[1].fd, &info, sizeof info) == sizeof info) return true;
    }
    // Nobody writes to the pipe: any event on it means every holder is gone.
    return (watched_[0].revents & (POLLHUP | POLLERR | POLLIN)) != 0;
}

}  // namespace squashrun::runtime
