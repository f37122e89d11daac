// Path rules for extraction: which payload names are safe, which paths a pattern selects.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace squashrun::core {

// A directory entry name that can only create something inside its parent:
// not empty, not "." or "..", no '/' and no NUL.
bool is_safe_entry_name(std::string_view name);

// True when `path` (relative, '/'-separated) is selected by shell-style `patterns`: it or one
// of its ancestor directories matches one of them. No patterns selects everything.
bool path_selected(std::string_view path, const std::vector<std::string>& patterns);

}  // namespace squashrun::core
