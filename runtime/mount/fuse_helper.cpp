// The fusermount protocol: a socketpair, the helper execs, one descriptor comes back.
#include "runtime/mount/fuse_helper.hpp"

#include <sys/socket.h>

#include <vector>

#include "os/environment.hpp"
#include "os/executable.hpp"
#include "os/fd_passing.hpp"
#include "os/spawn.hpp"
#include "os/unique_fd.hpp"
#include "runtime/diag.hpp"

namespace squashrun::runtime {
namespace {

core::Result<std::string> search_path(const std::string& path, const std::string& name) {
    if (auto found = os::find_executable(name, path)) return *found;
    return core::make_error(name + " not found on PATH");
}

// Runs `argv` with `environment`, less any _FUSE_COMMFD of our own, plus `extra_env`;
// returns how it ended. `keep_fd` stays open in the child. Signals blocked by
// the caller (the mount server blocks some) are unblocked for the helper; those it ignores
// stay ignored, so a helper run by a server that outlives its terminal does too.
core::Result<os::ExitStatus> run_helper(const std::vector<std::string>& argv,
                                        const std::vector<std::string>& environment,
                                        const std::string& extra_env, int keep_fd) {
    os::ProcessSpec spec;
    spec.argv = argv;
    spec.env = os::without_variable(environment, "_FUSE_COMMFD");
    if (!extra_env.empty()) spec.env.push_back(extra_env);
    if (keep_fd >= 0) spec.keep_fds = {keep_fd};
    spec.signals = os::ChildSignals::unblocked;
    auto ran = os::run(spec);
    if (!ran) return ran.error();
    return ran->status;
}

}  // namespace

core::Result<std::string> find_fuse_helper(const HelperSearch& search) {
    if (!search.forced.empty()) {
        const std::string& prog = search.forced;
        if (prog.find('/') == std::string::npos) return search_path(search.path, prog);
        if (!os::is_executable_file(prog)) {
            return core::make_error("FUSERMOUNT_PROG=" + prog + " is not executable");
        }
        return prog;
    }
    for (const char* name : {"fusermount3", "fusermount"}) {
        for (const char* dir : {"/usr/bin/", "/bin/", "/usr/local/bin/", "/usr/sbin/", "/sbin/"}) {
            std::string candidate = std::string(dir) + name;
            if (os::is_executable_file(candidate)) return candidate;
        }
    }
    for (const char* name : {"fusermount3", "fusermount"}) {
        if (auto found = search_path(search.path, name)) return found;
    }
    return core::make_error("no fusermount3 or fusermount helper found");
}

core::Result<int> helper_mount(const std::string& helper,
                               const std::vector<std::string>& environment,
                               const std::string& mount_point, const std::string& options) {
    int sockets[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0) {
        return core::make_error("socketpair: " + errno_text());
    }
    os::UniqueFd ours(sockets[1]);
    os::UniqueFd helpers(sockets[0]);
    auto status = run_helper({helper, "-o", options, "--", mount_point}, environment,
                             "_FUSE_COMMFD=" + std::to_string(helpers.get()), helpers.get());
    helpers.reset();
    if (!status) return status.error();
    // The helper has exited: what it sent is waiting, or nothing will come.
    auto fd = os::receive_descriptor(ours.get());
    if (!fd) {
        std::string why = status->describe();
        if (status->succeeded()) why += "; " + fd.message();
        return core::make_error(helper + " could not mount (" + why + ")");
    }
    return fd->release();
}

core::Status helper_unmount(const std::string& helper, const std::vector<std::string>& environment,
                            const std::string& mount_point) {
    auto status = run_helper({helper, "-u", "-q", "-z", "--", mount_point}, environment, "", -1);
    if (!status) return status.error();
    if (!status->succeeded()) return core::make_error(helper + " could not unmount " + mount_point);
    return {};
}

}  // namespace squashrun::runtime
