// The environment contract and the exec of AppRun.
#pragma once

#include <string>

#include "core/result.hpp"

namespace squashrun::runtime {

struct LaunchRequest {
    std::string appdir;    // mount point or extracted directory
    std::string appimage;  // absolute path of the AppImage
    int argc = 0;
    char** argv = nullptr;  // the AppImage's own argv; argv[0] becomes $ARGV0
    int keepalive_fd = -1;  // stays open in AppRun and its children (-1: none)
    int first_arg = 1;      // argv[first_arg..] are passed on to AppRun
};

// Sets APPDIR, APPIMAGE, ARGV0, OWD (and HOME / XDG_CONFIG_HOME for portable directories),
// then execs $APPDIR/AppRun with argv[first_arg..]. Returns only on failure.
core::Error exec_apprun(const LaunchRequest& request);

}  // namespace squashrun::runtime
