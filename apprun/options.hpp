// AppRun's own options: one table of name, arguments, help text and handler.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/apprun/env_plan.hpp"

namespace squashrun::apprun {

struct Invocation {
    const std::vector<std::string>& args;  // AppRun's argv; args[1] is the option
    const core::Environment& environment;  // AppRun's environment, read once at its start
};

struct Option {
    std::string_view name;
    std::string_view arguments;
    std::string_view help;
    int (*handler)(const Invocation&);
};

// The option `name` names. The table's options are recognised only inside a launched app
// (APPRUN_LAUNCHED is set): as the first argument of a plain launch they belong to the app.
// The desktop options, which users type at a plain launch, are apprun.conf's to rename or
// turn off, and so are not in the table (apprun.cpp).
const Option* find_option(std::string_view name);

}  // namespace squashrun::apprun
