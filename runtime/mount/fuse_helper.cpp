// The fusermount protocol: a socketpair, the helper execs, one descriptor comes back.
#include "runtime/mount/fuse_helper.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/text/text.hpp"
#include "runtime/diag.hpp"

namespace squashrun::runtime {
namespace {

bool is_executable_file(const std::string& path) {
    return ::access(path.c_str(), X_OK) == 0;
}

core::Result<std::string> search_path(const std::string& path, const std::string& name) {
    for (const auto& candidate : core::search_candidates(path, name)) {
        if (is_executable_file(candidate)) return candidate;
    }
    return core::make_error(name + " not found on PATH");
}

// Runs `argv` with `extra_env` added; returns the wait status. `keep_fd` stays open in the
// child. Signals blocked by the caller are unblocked for the helper.
core::Result<int> run_helper(const std::vector<std::string>& argv, const std::string& extra_env,
                             int keep_fd) {
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::vector<char*> env;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        if (std::strncmp(*e, "_FUSE_COMMFD=", 13) != 0) env.push_back(*e);
    }
    if (!extra_env.empty()) env.push_back(const_cast<char*>(extra_env.c_str()));
    env.push_back(nullptr);

    pid_t pid = ::fork();
    if (pid < 0) return core::make_error("fork: " + errno_text());
    if (pid == 0) {
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        if (keep_fd >= 0) {
            int flags = ::fcntl(keep_fd, F_GETFD);
            ::fcntl(keep_fd, F_SETFD, flags & ~FD_CLOEXEC);
        }
        ::execve(args[0], args.data(), env.data());
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return core::make_error("waitpid: " + errno_text());
    }
    return status;
}

}  // namespace

core::Result<std::string> find_fuse_helper(const HelperSearch& search) {
    if (!search.forced.empty()) {
        const std::string& prog = search.forced;
        if (prog.find('/') == std::string::npos) return search_path(search.path, prog);
        if (!is_executable_file(prog)) {
            return core::make_error("FUSERMOUNT_PROG=" + prog + " is not executable");
        }
        return prog;
    }
    for (const char* name : {"fusermount3", "fusermount"}) {
        for (const char* dir : {"/usr/bin/", "/bin/", "/usr/local/bin/", "/usr/sbin/", "/sbin/"}) {
            std::string candidate = std::string(dir) + name;
            if (is_executable_file(candidate)) return candidate;
        }
    }
    for (const char* name : {"fusermount3", "fusermount"}) {
        if (auto found = search_path(search.path, name)) return found;
    }
    return core::make_error("no fusermount3 or fusermount helper found");
}

core::Result<int> helper_mount(const std::string& helper, const std::string& mount_point,
                               const std::string& options) {
    int sockets[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0) {
        return core::make_error("socketpair: " + errno_text());
    }
    auto status = run_helper({helper, "-o", options, "--", mount_point},
                             "_FUSE_COMMFD=" + std::to_string(sockets[0]), sockets[0]);
    ::close(sockets[0]);
    if (!status) {
        ::close(sockets[1]);
        return status.error();
    }

    char byte = 0;
    iovec iov{&byte, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t got = 0;
    do {
        got = ::recvmsg(sockets[1], &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
    } while (got < 0 && errno == EINTR);
    ::close(sockets[1]);

    int fd = -1;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); got > 0 && c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            std::memcpy(&fd, CMSG_DATA(c), sizeof fd);
        }
    }
    if (fd < 0) {
        int st = *status;
        std::string why = WIFEXITED(st) ? "exit status " + std::to_string(WEXITSTATUS(st))
                                        : "signal " + std::to_string(WTERMSIG(st));
        return core::make_error(helper + " could not mount (" + why + ")");
    }
    return fd;
}

core::Status helper_unmount(const std::string& helper, const std::string& mount_point) {
    auto status = run_helper({helper, "-u", "-q", "-z", "--", mount_point}, "", -1);
    if (!status) return status.error();
    if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0) {
        return core::make_error(helper + " could not unmount " + mount_point);
    }
    return {};
}

}  // namespace squashrun::runtime
