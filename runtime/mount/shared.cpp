// Joining or starting a shared mount: <dir>/<name> is the mount point, <name>.sock the
// server's socket and <name>.lock serialises the launches that look for it.
#include "runtime/mount/shared.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>

#include "core/cache/policy.hpp"
#include "os/private_dir.hpp"
#include "runtime/cache/cache.hpp"
#include "runtime/cache/directory.hpp"
#include "runtime/diag.hpp"
#include "runtime/image/identity.hpp"
#include "runtime/mount/fuse_mount.hpp"
#include "runtime/mount/start_server.hpp"

namespace squashrun::runtime {
namespace {

constexpr long kFuseSuperMagic = 0x65735546;
// How long a launch waits for a server's answer before it counts it as gone.
constexpr int kAnswerTimeoutMs = 5000;

core::Result<sockaddr_un> socket_address(const std::string& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof address.sun_path) {
        return core::make_error(path + ": path too long for a socket");
    }
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    return address;
}

// A connection to the server listening at `path`, a process of this user; an invalid
// descriptor when there is no such server.
os::UniqueFd connect_socket(const std::string& path) {
    auto address = socket_address(path);
    if (!address) return {};
    os::UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd ||
        ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&*address), sizeof *address) != 0) {
        return {};
    }
    ucred peer{};
    socklen_t size = sizeof peer;
    if (::getsockopt(fd.get(), SOL_SOCKET, SO_PEERCRED, &peer, &size) != 0 ||
        peer.uid != ::geteuid()) {
        return {};
    }
    return fd;
}

// What the server said on a connection: "k" (it counted us), nothing but the connection's
// end (it stopped or died), or nothing at all within kAnswerTimeoutMs (it is stopped by a
// signal, or hung: its mount would not answer either).
enum class Answer { counted, closed, silent };

Answer answer_on(int fd) {
    pollfd wait{fd, POLLIN, 0};
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(kAnswerTimeoutMs);
    int ready = 0;
    for (;;) {  // a signal does not shorten the wait
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            until - std::chrono::steady_clock::now());
        ready = ::poll(&wait, 1, static_cast<int>(std::max<int64_t>(left.count(), 0)));
        if (ready >= 0 || errno != EINTR) break;
    }
    if (ready == 0) return Answer::silent;
    char answer = 0;
    return ready == 1 && ::recv(fd, &answer, 1, 0) == 1 && answer == 'k' ? Answer::counted
                                                                         : Answer::closed;
}

bool is_live_fuse_mount(const std::string& path) {
    struct statfs st {};
    return ::statfs(path.c_str(), &st) == 0 && st.f_type == kFuseSuperMagic;
}

// Whatever a dead server left at `mount_point` goes: its mount (ENOTCONN, or a FUSE mount
// nobody serves any more) and the directory.
void clear_mount_point(const std::string& mount_point, const Settings& settings) {
    struct statfs st {};
    bool dead = ::statfs(mount_point.c_str(), &st) != 0 && errno == ENOTCONN;
    if (dead || (::statfs(mount_point.c_str(), &st) == 0 && st.f_type == kFuseSuperMagic)) {
        FuseMount stale{-1, mount_point, "", settings.environment};
        if (::geteuid() != 0) {
            auto helper =
                find_fuse_helper(HelperSearch{settings.fusermount_prog, settings.path, {}});
            if (helper) stale.helper = *helper;
        }
        if (auto gone = fuse_unmount(stale); !gone) print_debug(gone.message());
        print_debug("replaced a dead mount at " + mount_point);
    }
    ::rmdir(mount_point.c_str());
}

core::Result<os::UniqueFd> listen_at(const std::string& path) {
    auto address = socket_address(path);
    if (!address) return address.error();
    os::UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd) return core::make_error("socket: " + errno_text());
    ::unlink(path.c_str());
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&*address), sizeof *address) != 0 ||
        ::listen(fd.get(), 128) != 0) {
        return core::make_error(path + ": " + errno_text());
    }
    return fd;
}

// The mount's lock, held. A server that stops unlinks the lock file while holding it, so a
// lock taken on a file no longer at `path` is taken again on the new one.
os::UniqueFd lock_exclusively(const std::string& path) {
    for (;;) {
        os::UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
        if (!fd) return fd;
        int locked = 0;
        while ((locked = ::flock(fd.get(), LOCK_EX)) != 0 && errno == EINTR) {
        }
        if (locked != 0) return {};
        struct stat held {
        }, named{};
        if (::fstat(fd.get(), &held) == 0 && ::lstat(path.c_str(), &named) == 0 &&
            held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
            return fd;
        }
    }
}

// Where the reads of this payload's first launch are kept: in the cache directory, as the
// extract-and-run cache's identity records are. "" (no prefetch) when there is none.
std::string reads_record(const Settings& settings, const std::string& key) {
    if (!settings.serve.prefetch) return "";
    auto cache = find_cache_dir(settings);
    if (!cache) return "";
    std::string records = *cache + "/" + kReadRecords;
    if (!os::ensure_private_dir(records)) return "";
    return records + "/" + key;
}

}  // namespace

core::Result<std::optional<SharedMount>> join_shared_mount(const AppImageFile& image,
                                                           const std::string& dir,
                                                           const Settings& settings) {
    auto identity = identity_of(image);
    if (!identity) return identity.error();
    std::string base = dir + "/" + core::shared_mount_name(*identity, image.trust_tag);
    std::string socket_path = base + ".sock";
    std::string lock_path = base + ".lock";
    os::UniqueFd lock = lock_exclusively(lock_path);
    if (!lock) return core::make_error(lock_path + ": " + errno_text());

    // Joins through `connection` when the server counts it and its mount is there; true when
    // that is settled (joined, or the server is silent: `joined` stays empty).
    std::optional<SharedMount> joined;
    auto settled = [&](os::UniqueFd connection) {
        Answer answer = answer_on(connection.get());
        if (answer == Answer::counted && is_live_fuse_mount(base)) {
            print_debug("joined the shared mount " + base);
            joined = SharedMount{base, std::move(connection)};
        }
        return joined.has_value() || answer == Answer::silent;
    };
    if (os::UniqueFd connection = connect_socket(socket_path)) {
        // A server decides to stop only under the lock, and then first counts every connection
        // made before: it will count this one, so the answer is awaited without the lock, which
        // launches starting at the same time are waiting for.
        lock.reset();
        if (settled(std::move(connection))) return joined;
        // Stopped (by a signal) or dead meanwhile: look again under the lock.
        lock = lock_exclusively(lock_path);
        if (!lock) return core::make_error(lock_path + ": " + errno_text());
        if (os::UniqueFd again = connect_socket(socket_path); again && settled(std::move(again)))
            return joined;
    }
    clear_mount_point(base, settings);
    if (::mkdir(base.c_str(), 0700) != 0) return core::make_error(base + ": " + errno_text());
    auto listening = listen_at(socket_path);
    if (!listening) {
        ::rmdir(base.c_str());
        return listening.error();
    }
    ServerConfig config;
    config.source = image.shared_source();
    config.payload_offset = image.layout.payload_offset;
    config.mount_point = base;
    config.helper = HelperSearch{settings.fusermount_prog, settings.path, settings.environment};
    config.serve = settings.serve;
    config.listen_fd = listening->get();
    config.socket_path = socket_path;
    config.lock_path = lock_path;
    config.grace_ms = settings.mount_grace_ms;
    config.reads_path = reads_record(settings, core::shared_mount_name(*identity, image.trust_tag));
    int ours[] = {lock.get()};
    auto server = start_server(std::move(config), ours);
    listening->reset();
    if (!server) {
        ::unlink(socket_path.c_str());
        ::rmdir(base.c_str());
        return server.error();
    }
    os::UniqueFd hold = connect_socket(socket_path);
    if (!hold || answer_on(hold.get()) != Answer::counted)
        return core::make_error(socket_path + ": the new mount server does not answer");
    print_debug("mounted the shared mount " + base);
    return std::optional<SharedMount>(SharedMount{base, std::move(hold)});
}

}  // namespace squashrun::runtime
