// AppRun's own options: one table of name, arguments, help text, handler and where the option
// is recognised.
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

// Where an option is AppRun's rather than an argument for the app.
enum class OptionScope {
    // Only inside a launched app (APPRUN_LAUNCHED is set), as "$APPDIR/AppRun" OPTION: as the
    // first argument of a plain launch it belongs to the app.
    nested,
    // Also as the first argument of a plain launch (./App.AppImage OPTION), for what users
    // type themselves: the desktop integration options, which apprun.conf will be able to
    // rename or turn off for an app that uses the same names.
    launch,
};

struct Option {
    std::string_view name;
    std::string_view arguments;
    std::string_view help;
    int (*handler)(const Invocation&);
    OptionScope scope = OptionScope::nested;
};

// The option `name` names, if it is one where AppRun runs: `nested` says APPRUN_LAUNCHED is
// set.
const Option* find_option(std::string_view name, bool nested);

}  // namespace squashrun::apprun
