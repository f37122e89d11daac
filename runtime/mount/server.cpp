// The mount server: squashfuse's low-level operations over one libfuse3 session.
#include "runtime/mount/server.hpp"

extern "C" {
#include <squashfuse/ll.h>
}

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "os/fd_io.hpp"
#include "runtime/mount/fuse_mount.hpp"
#include "runtime/mount/stale_mounts.hpp"

namespace squashrun::runtime {
namespace {

const fuse_lowlevel_ops kOperations = [] {
    fuse_lowlevel_ops ops{};
    ops.lookup = sqfs_ll_op_lookup;
    ops.forget = sqfs_ll_op_forget;
    ops.getattr = sqfs_ll_op_getattr;
    ops.readlink = sqfs_ll_op_readlink;
    ops.open = sqfs_ll_op_open;
    ops.read = sqfs_ll_op_read;
    ops.release = sqfs_ll_op_release;
    ops.opendir = sqfs_ll_op_opendir;
    ops.readdir = sqfs_ll_op_readdir;
    ops.releasedir = sqfs_ll_op_releasedir;
    ops.statfs = stfs_ll_op_statfs;
    ops.getxattr = sqfs_ll_op_getxattr;
    ops.listxattr = sqfs_ll_op_listxattr;
    return ops;
}();

[[noreturn]] void fail(const ServerConfig& config, const std::string& message) {
    (void)os::write_all(config.ready_fd, "e" + message);
    ::rmdir(config.mount_point.c_str());
    ::_exit(1);
}

// Detaches from the caller's terminal and session; SIGINT/SIGTERM become events on a
// descriptor so the server always unmounts before it exits.
int take_signals() {
    ::setsid();
    ::signal(SIGHUP, SIG_IGN);
    ::signal(SIGPIPE, SIG_IGN);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    ::sigprocmask(SIG_BLOCK, &set, nullptr);
    return ::signalfd(-1, &set, SFD_CLOEXEC);
}

// Once mounted, the server has nothing to say on the caller's streams, and holding them
// would keep a reader such as $(App.AppImage) waiting for the server instead of the app.
void detach_from_terminal() {
    int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null_fd < 0) return;
    for (int fd = 0; fd <= 2; ++fd)
        ::dup2(null_fd, fd);
    if (null_fd > 2) ::close(null_fd);
}

// Serves requests until the keepalive pipe hangs up, a stop signal arrives or the
// filesystem is unmounted from outside.
void serve(fuse_session* session, int fuse_fd, int keepalive_fd, int signal_fd) {
    fuse_buf buffer{};
    pollfd fds[3] = {{fuse_fd, POLLIN, 0}, {keepalive_fd, POLLIN, 0}, {signal_fd, POLLIN, 0}};
    for (;;) {
        if (::poll(fds, 3, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (fds[2].revents & POLLIN) {
            signalfd_siginfo info{};
            if (::read(signal_fd, &info, sizeof info) == sizeof info) break;
        }
        if (fds[1].revents & (POLLHUP | POLLERR | POLLIN)) break;
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

}  // namespace

void run_mount_server(const ServerConfig& config) {
    int signal_fd = take_signals();

    auto* ll = static_cast<sqfs_ll*>(std::calloc(1, sizeof(sqfs_ll)));
    if (ll == nullptr) fail(config, "out of memory");
    if (sqfs_init(&ll->fs, config.image_fd, static_cast<size_t>(config.payload_offset)) !=
            SQFS_OK ||
        sqfs_ll_init(ll) != SQFS_OK) {
        fail(config, "cannot read the squashfs payload");
    }

    char program[] = "squashrun";
    char* argv[] = {program, nullptr};
    fuse_args args = FUSE_ARGS_INIT(1, argv);
    fuse_session* session = fuse_session_new(&args, &kOperations, sizeof kOperations, ll);
    if (session == nullptr) fail(config, "cannot create a FUSE session");

    auto mounted = fuse_mount(config.mount_point, config.helper);
    if (!mounted) fail(config, mounted.message());
    std::string fd_path = "/dev/fd/" + std::to_string(mounted->fd);
    if (fuse_session_mount(session, fd_path.c_str()) != 0) {
        (void)fuse_unmount(*mounted);
        fail(config, "cannot attach the FUSE session");
    }
    (void)os::write_all(config.ready_fd, "k");
    detach_from_terminal();

    serve(session, mounted->fd, config.keepalive_fd, signal_fd);

    (void)fuse_unmount(*mounted);
    fuse_session_destroy(session);  // closes the connection
    ::rmdir(config.mount_point.c_str());
    ::close(config.ready_fd);  // tells a waiting --appimage-mount that the mount is gone
    // Housekeeping after the app is done, so no launch waits for it.
    remove_dead_mounts(mounted->helper);
    ::_exit(0);
}

}  // namespace squashrun::runtime
