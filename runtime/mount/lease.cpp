// Spawning the mount server (double fork, so it is nobody's child) and waiting for it.
#include "runtime/mount/lease.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "runtime/cache/directory.hpp"
#include "runtime/diag.hpp"
#include "runtime/mount/directory.hpp"
#include "runtime/mount/shared.hpp"
#include "runtime/mount/start_server.hpp"

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

}  // namespace

core::Result<MountLease> MountLease::acquire(const AppImageFile& image, const Settings& settings) {
    if (settings.mount_grace_ms > 0) {
        auto dir = find_mount_dir(settings);
        if (dir) {
            auto shared = join_shared_mount(image, *dir, settings);
            if (!shared) return shared.error();
            if (*shared) {
                return MountLease(std::move((*shared)->mount_point),
                                  std::move((*shared)->connection), {});
            }
            print_error(image.path +
                        ": the server of its shared mount does not answer (stopped "
                        "or hung); mounting privately");
            return acquire_private(image, settings);
        }
        print_debug("no directory for shared mounts (" + dir.message() + "); mounting privately");
    }
    return acquire_private(image, settings);
}

core::Result<MountLease> MountLease::acquire_private(const AppImageFile& image,
                                                     const Settings& settings) {
    // $TMPDIR, unless its path is too long: then where shared mounts would go.
    std::string parent = settings.temp_root;
    if (parent.size() > kMaxBaseDirLength) {
        auto dir = find_mount_dir(settings);
        if (!dir) return core::make_error("no directory for a mount point: " + dir.message());
        parent = *dir;
    }
    std::string mount_point = parent + "/.mount_" + name_hint(image.path) + "XXXXXX";
    if (::mkdtemp(mount_point.data()) == nullptr) {
        return core::make_error("cannot create a mount point in " + parent + ": " + errno_text());
    }
    MountPointGuard guard(mount_point);
    auto keepalive = make_pipe();
    if (!keepalive) return keepalive.error();
    ServerConfig config;
    config.source = image.shared_source();
    config.payload_offset = image.layout.payload_offset;
    config.mount_point = mount_point;
    config.helper = HelperSearch{settings.fusermount_prog, settings.path, settings.environment};
    config.serve = settings.serve;
    config.keepalive_fd = keepalive->read.get();
    int ours[] = {keepalive->write.get()};
    auto done = start_server(std::move(config), ours);
    keepalive->read.reset();
    // On failure the server has removed the mount point; the guard covers one that died.
    if (!done) return done.error();
    guard.dismiss();  // the server removes it when it unmounts
    return MountLease(mount_point, std::move(keepalive->write), std::move(*done));
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
