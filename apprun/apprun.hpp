// AppRun: the launcher at the root of an AppDir.
#pragma once

#include <string>

namespace squashrun::apprun {

inline constexpr int kExitFailure = 127;                   // like the runtime: the launcher failed
inline constexpr const char* kConfigName = "apprun.conf";  // at the AppDir root

// Prints "AppRun: <message>" as one line on stderr and returns kExitFailure.
int fail(const std::string& message);

// Reads apprun.conf (or the desktop file's Exec=), prepares the environment and execs the
// program. Returns only on failure, with the exit status.
int apprun_main(int argc, char** argv);

}  // namespace squashrun::apprun
