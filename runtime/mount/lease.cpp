// Spawning the mount server (double fork, so it is nobody's child) and waiting for it.
#include "runtime/mount/lease.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

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

// Removes the mount point unless dismissed: every failure before the server owns it.
class MountPointGuard {
  public:
    explicit MountPointGuard(std::string path) : path_(std::move(path)) {}
    MountPointGuard(const MountPointGuard&) = delete;
    MountPointGuard& operator=(const MountPointGuard&) = delete;
    ~MountPointGuard() {
        if (!path_.empty()) ::rmdir(path_.c_str());
    }
    void dismiss() { path_.clear(); }

  private:
    std::string path_;
};

struct Pipe {
    os::UniqueFd read;
    os::UniqueFd write;
};

core::Result<Pipe> make_pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return core::make_error("pipe: " + errno_text());
    return Pipe{os::UniqueFd(fds[0]), os::UniqueFd(fds[1])};
}

// Reads the server's first message: "k" once mounted, "e<why>" when it could not mount, or
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

core::Result<MountLease> MountLease::acquire(const AppImageFile& image, const Settings& settings) {
    std::string mount_point = settings.temp_root + "/.mount_" + name_hint(image.path) + "XXXXXX";
    if (::mkdtemp(mount_point.data()) == nullptr) {
        return core::make_error("cannot create a mount point in " + settings.temp_root + ": " +
                                errno_text());
    }
    MountPointGuard guard(mount_point);
    auto ready = make_pipe();
    if (!ready) return ready.error();
    auto keepalive = make_pipe();
    if (!keepalive) return keepalive.error();

    pid_t middle = ::fork();
    if (middle == 0) {
        if (::fork() != 0) ::_exit(0);
        guard.dismiss();  // the server's now
        ready->read.reset();
        keepalive->write.reset();
        run_mount_server(ServerConfig{
            image.shared_source(), image.layout.payload_offset, mount_point, ready->write.release(),
            keepalive->read.release(),
            HelperSearch{settings.fusermount_prog, settings.path, settings.environment}});
    }
    ready->write.reset();
    keepalive->read.reset();
    MountLease lease(mount_point, std::move(keepalive->write), std::move(ready->read));
    if (middle < 0) {
        std::string why = "fork: " + errno_text();
        lease.release_and_wait();
        return core::make_error(why);
    }
    while (::waitpid(middle, nullptr, 0) < 0 && errno == EINTR) {
    }
    std::string why = read_reply(lease.done_.get());
    if (why.empty()) {
        guard.dismiss();  // the server removes it when it unmounts
        return lease;
    }
    // The server removes the mount point when it fails; the guard covers a server that died.
    lease.release_and_wait();
    return core::make_error(why);
}

void MountLease::release_and_wait() {
    hold_.reset();
    char sink[64];
    while (done_.valid()) {
        ssize_t got = ::read(done_.get(), sink, sizeof sink);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) done_.reset();
    }
}

}  // namespace squashrun::runtime
