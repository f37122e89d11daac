// Exec of AppRun with the environment contract of the AppImage type 2 specification.
#include "runtime/launch.hpp"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

#include "runtime/diag.hpp"
#include "runtime/portable.hpp"

namespace squashrun::runtime {

namespace {

// Sets `name`, remembering the caller's value the way AppRun does (APPRUN_ORIGINAL_<NAME>,
// listed in APPRUN_CHANGED_VARS), so programs started outside the bundle can get it back.
// A variable already listed keeps its first (the host's) original.
void set_recorded(const std::string& name, const std::string& value) {
    const char* old = ::getenv(name.c_str());
    if (old != nullptr && value == old) return;
    const char* listed = ::getenv("APPRUN_CHANGED_VARS");
    std::string list = listed != nullptr ? listed : "";
    bool known = (":" + list + ":").find(":" + name + ":") != std::string::npos;
    if (!known) {
        if (old != nullptr) ::setenv(("APPRUN_ORIGINAL_" + name).c_str(), old, 1);
        list += (list.empty() ? "" : ":") + name;
        ::setenv("APPRUN_CHANGED_VARS", list.c_str(), 1);
    }
    ::setenv(name.c_str(), value.c_str(), 1);
}

}  // namespace

core::Error exec_apprun(const LaunchRequest& request) {
    set_recorded("APPDIR", request.appdir);
    set_recorded("APPIMAGE", request.appimage);
    set_recorded("ARGV0", request.argc > 0 ? request.argv[0] : "");
    char cwd[PATH_MAX];
    if (::getcwd(cwd, sizeof cwd) != nullptr) set_recorded("OWD", cwd);
    for (const auto& [name, value] : portable_settings(request.appimage))
        set_recorded(name, value);

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
