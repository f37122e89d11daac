// Exec of AppRun with the environment contract of the AppImage type 2 specification.
#include "runtime/launch.hpp"

#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include <cerrno>

#include "core/apprun/env_plan.hpp"
#include "core/apprun/host_record.hpp"
#include "os/c_strings.hpp"
#include "os/environment.hpp"
#include "runtime/diag.hpp"
#include "runtime/portable.hpp"

namespace squashrun::runtime {

core::Error exec_apprun(const LaunchRequest& request) {
    const Settings& settings = request.settings;
    core::Environment env = core::environment_from(settings.environment);
    // Each variable set is recorded (APPRUN_ORIGINAL_*), so programs started outside the
    // bundle can get the caller's value back.
    core::set_recorded(env, "APPDIR", request.appdir);
    core::set_recorded(env, "APPIMAGE", request.appimage);
    core::set_recorded(env, "ARGV0", settings.args.empty() ? "" : settings.args[0]);
    char cwd[PATH_MAX];
    if (::getcwd(cwd, sizeof cwd) != nullptr) core::set_recorded(env, "OWD", cwd);
    for (const auto& [name, value] : portable_settings(request.appimage))
        core::set_recorded(env, name, value);

    if (request.keepalive_fd >= 0) {
        int flags = ::fcntl(request.keepalive_fd, F_GETFD);
        ::fcntl(request.keepalive_fd, F_SETFD, flags & ~FD_CLOEXEC);
    }
    std::string apprun = request.appdir + "/AppRun";
    std::vector<std::string> args{apprun};
    for (size_t i = request.first_arg; i < settings.args.size(); ++i)
        args.push_back(settings.args[i]);
    os::CStringArray argv(std::move(args));
    // The caller's environment goes on as it was, in its order, with only these changes.
    std::vector<std::string> entries = settings.environment;
    for (const auto& [name, value] : env) {
        if (os::variable_value(entries, name) != value) os::set_variable(entries, name, value);
    }
    os::CStringArray envp(std::move(entries));
    ::execve(apprun.c_str(), argv.data(), envp.data());

    int saved = errno;
    if (saved == ENOENT) return core::make_error(request.appimage + ": the payload has no AppRun");
    errno = saved;
    return core::make_error(request.appimage + ": cannot run AppRun: " + errno_text());
}

}  // namespace squashrun::runtime
