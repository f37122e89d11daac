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

// `entries` without any entry for variable `name`.
std::vector<std::string> without_variable(std::vector<std::string> entries, std::string_view name);

}  // namespace squashrun::os
