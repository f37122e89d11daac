// The launcher's environment plan: applying set/default/prepend/append/unset, remembering
// the host's values for child processes, and getting the host environment back.
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

// Drops any earlier record, then, for every variable that differs between `host` and `env`
// (APPRUN_* aside): sets
// APPRUN_ORIGINAL_<NAME> to the host's value when the host had one, and lists the names in
// APPRUN_CHANGED_VARS (':'-separated, sorted).
void record_host_values(Environment& env, const Environment& host);

// The inverse, for programs outside the bundle: every listed variable gets its host value
// back (or is removed if the host did not have it) and every APPRUN_* variable goes. The
// runtime records what it sets (APPDIR, APPIMAGE, ARGV0, OWD, portable HOME) the same way.
Environment host_environment(const Environment& env);

}  // namespace squashrun::core
