// start_server: ready pipe, double fork, the reply "k" or "e<why>".
#include "runtime/mount/start_server.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/diag.hpp"

namespace squashrun::runtime {
namespace {

// The server's first message: "k" once mounted, "e<why>" when it could not mount, or
// end-of-file if it died.
std::string read_reply(int fd) {
    char reply[1024];
    ssize_t got = 0;
    do {
        got = ::read(fd, reply, sizeof reply);
    } while (got < 0 && errno == EINTR);
    if (got == 1 && reply[0] == 'k') return {};
    return got > 1 && reply[0] == 'e' ? std::string(reply + 1, static_cast<size_t>(got - 1))
                                      : "the mount server stopped unexpectedly";
}

}  // namespace

core::Result<os::UniqueFd> start_server(ServerConfig config, std::span<const int> close_in_server) {
    int ready[2];
    if (::pipe2(ready, O_CLOEXEC) != 0) return core::make_error("pipe: " + errno_text());
    os::UniqueFd done(ready[0]);
    os::UniqueFd ready_write(ready[1]);
    pid_t middle = ::fork();
    if (middle == 0) {
        if (::fork() != 0) ::_exit(0);
        done.release();  // not closed by a destructor: the server exits with _exit
        ::close(ready[0]);
        for (int fd : close_in_server)
            ::close(fd);
        config.ready_fd = ready_write.release();
        run_mount_server(config);
    }
    if (middle < 0) return core::make_error("fork: " + errno_text());
    ready_write.reset();
    while (::waitpid(middle, nullptr, 0) < 0 && errno == EINTR) {
    }
    std::string why = read_reply(done.get());
    if (!why.empty()) return core::make_error(why);
    return done;
}

}  // namespace squashrun::runtime
