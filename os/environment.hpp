// The environment as NAME=value entries: a snapshot of this process's, and removing a name,
// for the programs started with an explicit environment (os/spawn.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace squashrun::os {

// This process's environment (environ) now, in its order.
std::vector<std::string> current_environment();

// `entries` without any entry for variable `name`.
std::vector<std::string> without_variable(std::vector<std::string> entries, std::string_view name);

}  // namespace squashrun::os
