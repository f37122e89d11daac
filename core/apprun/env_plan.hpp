// The launcher's environment plan: applying set/default/prepend/append/unset. Remembering the
// host's values for child processes is core/apprun/host_record.hpp.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/apprun/config.hpp"

namespace squashrun::core {

using Environment = std::map<std::string, std::string>;

// "NAME=value" strings (as in environ) to a map; entries without '=' are skipped.
Environment environment_from(const std::vector<std::string>& entries);
std::vector<std::string> environment_entries(const Environment& env);

// Adds `added` (':'-separated) before or after the entries of `existing`. Empty entries and
// repeated entries are dropped; an entry keeps its first position in the result.
std::string merge_path_list(std::string_view existing, std::string_view added, bool prepend);

// Applies one directive whose value is already expanded.
void apply_env_op(Environment& env, EnvAction action, const std::string& name,
                  const std::string& value);

}  // namespace squashrun::core
