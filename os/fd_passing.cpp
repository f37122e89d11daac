// recvmsg(2) with room for a few descriptors, so that extra ones arrive to be closed.
#include "os/fd_passing.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace squashrun::os {
namespace {

// Descriptors beyond the one expected are received too (the kernel would otherwise drop
// them silently and set MSG_CTRUNC), then closed.
constexpr size_t kRoom = 8;

}  // namespace

core::Result<UniqueFd> receive_descriptor(int socket) {
    char byte = 0;
    iovec iov{&byte, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(kRoom * sizeof(int))] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t got = 0;
    do {
        got = ::recvmsg(socket, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
    } while (got < 0 && errno == EINTR);
    if (got < 0) return core::make_error(std::string("recvmsg: ") + std::strerror(errno));
    if (got == 0) return core::make_error("no descriptor received (the sender closed the socket)");

    // Owned as soon as they are seen, so that every way out closes them.
    UniqueFd received[kRoom];
    size_t count = 0;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        if (c->cmsg_len < CMSG_LEN(0)) continue;  // no room even for the header's own fields
        size_t in_message = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < in_message; ++i, ++count) {
            int fd = -1;
            std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
            if (count < kRoom) {
                received[count].reset(fd);
            } else {
                ::close(fd);
            }
        }
    }
    if ((msg.msg_flags & MSG_CTRUNC) != 0) {
        return core::make_error("more descriptors received than expected (some were lost)");
    }
    if (count != 1) {
        return core::make_error(std::to_string(count) + " descriptors received, expected one");
    }
    return std::move(received[0]);
}

}  // namespace squashrun::os
