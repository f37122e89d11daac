// The one executable search: a name over a ':'-separated PATH value, and the default PATH.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace squashrun::os {

// The search path used when $PATH is unset.
inline constexpr const char* kDefaultPath = "/usr/local/bin:/usr/bin:/bin";

// `path` names a regular file (links followed) that this process may execute.
bool is_executable_file(const std::string& path);

// The first `dir/name` over the directories of `search_path` that is an executable regular
// file. Empty entries are skipped (they would mean the working directory). A `name` with a
// '/' is not searched for, as with execvp: it is the answer when it is executable itself.
std::optional<std::string> find_executable(std::string_view name, std::string_view search_path);

}  // namespace squashrun::os
