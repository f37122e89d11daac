// The environment as NAME=value entries: a snapshot of this process's, looking a name up and
// removing it, for programs started with an explicit environment (os/spawn.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace squashrun::os {

// This process's environment (environ) now, in its order.
std::vector<std::string> current_environment();

// The value of the first entry for variable `name` (as getenv(3) finds it), if any.
std::optional<std::string> variable_value(const std::vector<std::string>& entries,
                                          std::string_view name);

// Sets variable `name` as setenv(3) does: the first entry for it is replaced, in its place;
// without one, the entry is appended. Every other entry stays as it was, in order.
void set_variable(std::vector<std::string>& entries, std::string_view name, std::string_view value);

// `entries` without any entry for variable `name`.
std::vector<std::string> without_variable(std::vector<std::string> entries, std::string_view name);

}  // namespace squashrun::os
