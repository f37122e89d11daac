// A recipe's requirements.txt, read as python-appimage reads it: one requirement a line, for
// pip, except `local+NAME`, a module copied from the build host's Python as it is.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace squashrun::core {

enum class RequirementKind {
    option,        // a pip option line: --find-links DIR, --no-index, -f DIR, ...
    package,       // a name with an optional version specifier, or a URL
    local_path,    // a path: a project directory, a wheel or a source archive
    local_module,  // local+NAME
};

struct Requirement {
    RequirementKind kind = RequirementKind::package;
    std::string text;  // trimmed, without a trailing comment; for local_module: NAME
    size_t line = 0;
};

// Blank lines and comments (whole lines, and " #" to the end of a line) are left out.
// Errors read "line N: ...": a local+ entry that is not a dotted module name.
Result<std::vector<Requirement>> parse_requirements(std::string_view text);

}  // namespace squashrun::core
