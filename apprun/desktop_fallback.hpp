// AppRun without apprun.conf: the Exec= line of the AppDir's one desktop file.
#pragma once

#include <string>
#include <vector>

#include "core/apprun/env_plan.hpp"

namespace squashrun::apprun {

// Runs the Exec= line of the one .desktop file at the root of `appdir`, like the classic
// AppRun, with `env` as it is. Returns only on failure, with the exit status.
int run_desktop_exec(const std::string& appdir, const std::vector<std::string>& user_args,
                     const core::Environment& env);

}  // namespace squashrun::apprun
