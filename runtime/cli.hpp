// The --appimage-* options: one table of name, help text and handler.
#pragma once

#include <string>
#include <string_view>

#include "runtime/settings.hpp"

namespace squashrun::runtime {

struct Invocation {
    const Settings& settings;
    std::string appimage;  // absolute path of the AppImage this run is about
};

struct Option {
    std::string_view name;
    std::string_view arguments;
    std::string_view help;
    int (*handler)(const Invocation&);
    bool needs_appimage = true;  // false: works without locating the AppImage file
};

const Option* find_option(std::string_view name);

// Runs the AppImage: mount, then exec AppRun. Returns an exit code only on failure.
int run_appimage(const Invocation& invocation);

}  // namespace squashrun::runtime
