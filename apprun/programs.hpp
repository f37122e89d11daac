// Finding and starting programs: the AppDir's (by desktop-file rules) and the host's
// (--apprun-host).
#pragma once

#include <string>

#include "core/apprun/env_plan.hpp"
#include "core/apprun/exec_plan.hpp"
#include "options.hpp"

namespace squashrun::apprun {

// execve with `env`; returns only on failure, with the exit status.
int exec_with(const core::ExecPlan& plan, const core::Environment& env);

// A program name as in a desktop file: with a '/', relative to the AppDir; else looked up
// in the AppDir's usr/bin and bin, then in PATH.
std::string find_program(const std::string& name, const std::string& appdir,
                         const core::Environment& env);

// `AppRun --apprun-host PROGRAM ARGS...`: PROGRAM (found in the host's PATH) with the
// environment the launcher found, for programs outside the bundle.
int run_on_host(const Invocation& inv);

}  // namespace squashrun::apprun
