// Exec of AppRun with the environment contract of the AppImage type 2 specification.
#include "launch.hpp"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

#include "diag.hpp"
#include "portable.hpp"

namespace squashrun::runtime {

core::Error exec_apprun(const LaunchRequest& request) {
    ::setenv("APPDIR", request.appdir.c_str(), 1);
    ::setenv("APPIMAGE", request.appimage.c_str(), 1);
    ::setenv("ARGV0", request.argc > 0 ? request.argv[0] : "", 1);
    char cwd[PATH_MAX];
    if (::getcwd(cwd, sizeof cwd) != nullptr) ::setenv("OWD", cwd, 1);
    apply_portable_dirs(request.appimage);

    if (request.keepalive_fd >= 0) {
        int flags = ::fcntl(request.keepalive_fd, F_GETFD);
        ::fcntl(request.keepalive_fd, F_SETFD, flags & ~FD_CLOEXEC);
    }
    std::string apprun = request.appdir + "/AppRun";
    std::vector<char*> args;
    args.reserve(static_cast<size_t>(request.argc) + 1);
    args.push_back(apprun.data());
    for (int i = request.first_arg; i < request.argc; ++i)
        args.push_back(request.argv[i]);
    args.push_back(nullptr);
    ::execv(apprun.c_str(), args.data());

    int saved = errno;
    if (saved == ENOENT) return core::make_error(request.appimage + ": the payload has no AppRun");
    errno = saved;
    return core::make_error(request.appimage + ": cannot run AppRun: " + errno_text());
}

}  // namespace squashrun::runtime
