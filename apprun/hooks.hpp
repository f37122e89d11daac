// Hook files: *.env (environment directives) always, *.sh (sourced by /bin/sh) only when
// the configuration allows them; applied in sorted order of their names.
#pragma once

#include <string>

#include "core/apprun/env_plan.hpp"
#include "core/apprun/expand.hpp"
#include "core/result.hpp"

namespace squashrun::apprun {

core::Status apply_hooks(const std::string& dir, bool shell_hooks,
                         const core::ExpandContext& context, core::Environment& env);

}  // namespace squashrun::apprun
