// The APPRUN_ORIGINAL_* protocol: how a launcher that changes variables remembers the host's
// values, so that programs started outside the bundle get them back. A changed variable NAME is
// listed in APPRUN_CHANGED_VARS (':'-separated), and its host value, when the host had one, is
// kept in APPRUN_ORIGINAL_<NAME>. The runtime and AppRun both write it; AppRun undoes it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/apprun/env_plan.hpp"

namespace squashrun::core {

inline constexpr std::string_view kOriginalPrefix = "APPRUN_ORIGINAL_";
inline constexpr std::string_view kChangedVars = "APPRUN_CHANGED_VARS";

// The record carried by an environment: the listed names in order, each with its host value
// (none when the host did not have the variable).
class HostRecord {
  public:
    // The record `env` holds (an absent list is an empty record).
    static HostRecord read(const Environment& env);

    bool lists(std::string_view name) const;
    // Adds `name` with its host value; a name already listed keeps its first original.
    void note(const std::string& name, std::optional<std::string> original);
    // Writes the list and the originals into `env`; an empty record writes nothing.
    void write(Environment& env) const;
    // Gives every listed variable of `env` its host value back, or removes it when the host
    // did not have it.
    void restore(Environment& env) const;

  private:
    std::vector<std::pair<std::string, std::optional<std::string>>> names_;
};

// The runtime's step: sets `name` to `value`, recording the value it replaces (or that there was
// none) unless `name` is already listed. Setting a variable to the value it has records
// nothing.
void set_recorded(Environment& env, const std::string& name, const std::string& value);

// AppRun's step: drops any earlier record, then, for every variable that differs between `host`
// and `env` (APPRUN_* aside): sets APPRUN_ORIGINAL_<NAME> to the host's value when the host had
// one, and lists the names in APPRUN_CHANGED_VARS (sorted).
void record_host_values(Environment& env, const Environment& host);

// The inverse, for programs outside the bundle: every listed variable gets its host value
// back (or is removed if the host did not have it) and every APPRUN_* variable goes.
Environment host_environment(const Environment& env);

}  // namespace squashrun::core
