// The environment contract and the exec of AppRun.
#pragma once

#include <string>

#include "core/result.hpp"
#include "runtime/settings.hpp"

namespace squashrun::runtime {

struct LaunchRequest {
    std::string appdir;        // mount point or extracted directory
    std::string appimage;      // absolute path of the AppImage
    const Settings& settings;  // args[0] becomes $ARGV0; the environment AppRun starts from
    int keepalive_fd = -1;     // stays open in AppRun and its children (-1: none)
    size_t first_arg = 1;      // args[first_arg..] are passed on to AppRun
};

// Sets APPDIR, APPIMAGE, ARGV0, OWD (and HOME / XDG_CONFIG_HOME for portable directories),
// then execs $APPDIR/AppRun with args[first_arg..]. Returns only on failure.
core::Error exec_apprun(const LaunchRequest& request);

}  // namespace squashrun::runtime
