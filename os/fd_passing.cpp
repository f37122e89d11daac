// recvmsg(2) with room for a few descriptors, so that extra ones arrive to be closed.
#include "os/fd_passing.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

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

    std::vector<UniqueFd> received;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        if (c->cmsg_len < CMSG_LEN(0)) continue;
        size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < count; ++i) {
            int fd = -1;
            std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
            received.emplace_back(fd);
        }
    }
    if ((msg.msg_flags & MSG_CTRUNC) != 0) {
        return core::make_error("more descriptors received than expected (some were lost)");
    }
    if (received.size() != 1) {
        return core::make_error(std::to_string(received.size()) +
                                " descriptors received, expected one");
    }
    return std::move(received.front());
}

}  // namespace squashrun::os
