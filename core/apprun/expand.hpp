// ${...} expansion in apprun.conf values: ${APPDIR}, ${APPIMAGE}, ${ARGV0}, ${OWD},
// ${HOST_<VAR>} (the variable as the launcher found it, empty when unset) and $$ for "$".
// Nothing else is evaluated: no commands, no globbing, no word splitting.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace squashrun::core {

struct ExpandContext {
    std::string appdir;
    std::string appimage;
    std::string argv0;
    std::string owd;
    // The launcher's original environment.
    std::function<std::optional<std::string>(std::string_view)> host;
};

// Checks the syntax: every "${" closes and names a known variable; "${@}" is allowed only as
// a whole value, and only where `allow_user_args` (arg lines).
Status check_expansions(std::string_view value, bool allow_user_args);

// Expands a value that passed check_expansions (not "${@}", which the caller splices).
std::string expand(std::string_view value, const ExpandContext& context);

}  // namespace squashrun::core
