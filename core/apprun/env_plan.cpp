// Environment edits as map operations, so the plan is testable without a process.
#include "core/apprun/env_plan.hpp"

#include <set>

#include "core/text/text.hpp"

namespace squashrun::core {
namespace {

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

}  // namespace squashrun::core
