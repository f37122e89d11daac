// Environment edits as map operations, so the plan is testable without a process.
#include "core/apprun/env_plan.hpp"

#include <algorithm>
#include <set>

#include "core/text/text.hpp"

namespace squashrun::core {
namespace {

constexpr std::string_view kOriginalPrefix = "APPRUN_ORIGINAL_";
constexpr std::string_view kChangedVars = "APPRUN_CHANGED_VARS";

std::vector<std::string> split_list(std::string_view list) {
    return split_nonempty(list, ':');
}

}  // namespace

Environment environment_from(const std::vector<std::string>& entries) {
    Environment env;
    for (const auto& e : entries) {
        size_t equals = e.find('=');
        if (equals != std::string::npos && equals > 0) {
            env.emplace(e.substr(0, equals), e.substr(equals + 1));
        }
    }
    return env;
}

std::vector<std::string> environment_entries(const Environment& env) {
    std::vector<std::string> entries;
    entries.reserve(env.size());
    for (const auto& [name, value] : env) {
        std::string entry = name;
        entries.push_back(entry.append("=").append(value));
    }
    return entries;
}

std::string merge_path_list(std::string_view existing, std::string_view added, bool prepend) {
    std::vector<std::string> first = split_list(prepend ? added : existing);
    std::vector<std::string> second = split_list(prepend ? existing : added);
    std::vector<std::string> merged;
    std::set<std::string> seen;
    for (const auto* part : {&first, &second}) {
        for (const auto& entry : *part) {
            if (seen.insert(entry).second) merged.push_back(entry);
        }
    }
    std::string out;
    for (const auto& entry : merged)
        out += (out.empty() ? "" : ":") + entry;
    return out;
}

void apply_env_op(Environment& env, EnvAction action, const std::string& name,
                  const std::string& value) {
    auto it = env.find(name);
    switch (action) {
        case EnvAction::set:
            env[name] = value;
            break;
        case EnvAction::set_default:
            if (it == env.end() || it->second.empty()) env[name] = value;
            break;
        case EnvAction::prepend:
        case EnvAction::append:
            env[name] = merge_path_list(it == env.end() ? "" : it->second, value,
                                        action == EnvAction::prepend);
            break;
        case EnvAction::unset:
            if (it != env.end()) env.erase(it);
            break;
    }
}

void record_host_values(Environment& env, const Environment& host) {
    std::erase_if(env, [](const auto& entry) {
        return entry.first.starts_with(kOriginalPrefix) || entry.first == kChangedVars;
    });
    std::set<std::string> names;
    for (const Environment* side : {static_cast<const Environment*>(&env), &host}) {
        for (const auto& [name, value] : *side) {
            if (name.starts_with("APPRUN_")) continue;
            auto a = env.find(name);
            auto b = host.find(name);
            bool same = a != env.end() && b != host.end() && a->second == b->second;
            if (!same) names.insert(name);
        }
    }
    std::string list;
    for (const auto& name : names) {
        list += (list.empty() ? "" : ":") + name;
        if (auto b = host.find(name); b != host.end()) {
            env[std::string(kOriginalPrefix) + name] = b->second;
        }
    }
    if (!list.empty()) env[std::string(kChangedVars)] = list;
}

Environment host_environment(const Environment& env) {
    Environment host = env;
    auto changed = env.find(std::string(kChangedVars));
    if (changed != env.end()) {
        for (const auto& name : split_list(changed->second)) {
            auto original = env.find(std::string(kOriginalPrefix) + name);
            if (original != env.end()) {
                host[name] = original->second;
            } else {
                host.erase(name);
            }
        }
    }
    std::erase_if(host, [](const auto& entry) { return entry.first.starts_with("APPRUN_"); });
    return host;
}

}  // namespace squashrun::core
