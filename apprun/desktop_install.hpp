// ./App.AppImage --install-desktop and --uninstall-desktop: the app in the desktop menu, and
// every trace of it removed again, under $XDG_DATA_HOME with libappimage's names.
#pragma once

#include <string>
#include <vector>

#include "core/apprun/config.hpp"
#include "core/apprun/env_plan.hpp"
#include "core/apprun/expand.hpp"

namespace squashrun::apprun {

// Exit statuses of the two commands.
inline constexpr int kDesktopRefused = 1;  // refused or failed; one line says why
inline constexpr int kDesktopUsage = 2;    // an unknown option

struct DesktopRequest {
    std::vector<std::string> args;  // the arguments after the option
    std::string appdir;
    std::string appimage;    // $APPIMAGE from the runtime; empty when not started from one
    core::Environment host;  // the host's environment: for HOME, XDG_DATA_HOME, tools, hooks
    core::DesktopIntegrationConfig config;
    core::ExpandContext context;  // for the hooks' ${...}
};

int install_desktop(const DesktopRequest& request);
int uninstall_desktop(const DesktopRequest& request);

}  // namespace squashrun::apprun
