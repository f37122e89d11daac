// One poll over the FUSE connection and the lifetime's descriptors; one request at a time.
#include "runtime/mount/serve.hpp"

#define FUSE_USE_VERSION 32
#include <fuse3/fuse_lowlevel.h>
#include <poll.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

#include "runtime/mount/lifetime.hpp"

namespace squashrun::runtime {

void serve_requests(fuse_session* session, int fuse_fd, ServerLifetime& lifetime) {
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
            int got = fuse_session_receive_buf(session, &buffer);
            if (got == -EINTR || got == -EAGAIN) continue;
            if (got <= 0) break;
            fuse_session_process_buf(session, &buffer);
        } else if (fds[0].revents & (POLLERR | POLLHUP)) {
            break;
        }
    }
    std::free(buffer.mem);
}

}  // namespace squashrun::runtime
