// Spawning the mount server (double fork, so it is nobody's child) and waiting for it.
#include "runtime/mount/lease.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "os/fs_ops.hpp"
#include "runtime/diag.hpp"
#include "runtime/mount/server.hpp"

namespace squashrun::runtime {
namespace {

// Up to six harmless characters of the AppImage's name, to recognise the mount point.
std::string name_hint(const std::string& path) {
    std::string base = path.substr(path.rfind('/') + 1);
    std::string hint;
    for (char c : base) {
        if (hint.size() == 6) break;
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (plain || c == '-' || c == '_') hint.push_back(c);
    }
    return hint;
}

void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

}  // namespace

core::Result<MountedPayload> mount_payload(const AppImageFile& image, const Settings& settings) {
    std::string mount_point = settings.temp_root + "/.mount_" + name_hint(image.path) + "XXXXXX";
    if (::mkdtemp(mount_point.data()) == nullptr) {
        return core::make_error("cannot create a mount point in " + settings.temp_root + ": " +
                                errno_text());
    }
    int ready[2];
    int keepalive[2];
    if (::pipe2(ready, O_CLOEXEC) != 0) {
        ::rmdir(mount_point.c_str());
        return core::make_error("pipe: " + errno_text());
    }
    if (::pipe2(keepalive, O_CLOEXEC) != 0) {
        ::close(ready[0]);
        ::close(ready[1]);
        ::rmdir(mount_point.c_str());
        return core::make_error("pipe: " + errno_text());
    }

    pid_t middle = ::fork();
    if (middle == 0) {
        if (::fork() != 0) ::_exit(0);
        ::close(ready[0]);
        ::close(keepalive[1]);
        run_mount_server(ServerConfig{image.fd, image.layout.payload_offset, mount_point, ready[1],
                                      keepalive[0],
                                      HelperSearch{settings.fusermount_prog, settings.path}});
    }
    ::close(ready[1]);
    ::close(keepalive[0]);
    MountedPayload mount{mount_point, keepalive[1], ready[0]};
    if (middle < 0) {
        release_and_wait(mount);
        ::rmdir(mount_point.c_str());
        return core::make_error("fork: " + errno_text());
    }
    while (::waitpid(middle, nullptr, 0) < 0 && errno == EINTR) {
    }

    char reply[1024];
    ssize_t got = 0;
    do {
        got = ::read(mount.done_fd, reply, sizeof reply);
    } while (got < 0 && errno == EINTR);
    if (got == 1 && reply[0] == 'k') return mount;

    std::string why = got > 1 && reply[0] == 'e'
                          ? std::string(reply + 1, static_cast<size_t>(got - 1))
                          : "the mount server stopped unexpectedly";
    release_and_wait(mount);
    ::rmdir(mount_point.c_str());
    return core::make_error(why);
}

void release_and_wait(MountedPayload& mount) {
    close_fd(mount.keepalive_fd);
    char sink[64];
    while (mount.done_fd >= 0) {
        ssize_t got = ::read(mount.done_fd, sink, sizeof sink);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) close_fd(mount.done_fd);
    }
}

}  // namespace squashrun::runtime
