// The host record as a value read from and written to an environment map.
#include "core/apprun/host_record.hpp"

#include <set>

#include "core/text/text.hpp"

namespace squashrun::core {
namespace {

std::string original_name(std::string_view name) {
    return std::string(kOriginalPrefix).append(name);
}

bool is_protocol_variable(std::string_view name) {
    return name.starts_with("APPRUN_");
}

std::optional<std::string> value_of(const Environment& env, const std::string& name) {
    auto found = env.find(name);
    if (found == env.end()) return std::nullopt;
    return found->second;
}

}  // namespace

HostRecord HostRecord::read(const Environment& env) {
    HostRecord record;
    auto list = env.find(std::string(kChangedVars));
    if (list == env.end()) return record;
    for (const auto& name : split_nonempty(list->second, ':'))
        record.note(name, value_of(env, original_name(name)));
    return record;
}

bool HostRecord::lists(std::string_view name) const {
    for (const auto& entry : names_) {
        if (entry.first == name) return true;
    }
    return false;
}

void HostRecord::note(const std::string& name, std::optional<std::string> original) {
    if (!lists(name)) names_.emplace_back(name, std::move(original));
}

void HostRecord::write(Environment& env) const {
    if (names_.empty()) return;
    std::string list;
    for (const auto& [name, original] : names_) {
        if (!list.empty()) list += ':';
        list += name;
        if (original) env[original_name(name)] = *original;
    }
    env[std::string(kChangedVars)] = list;
}

void HostRecord::restore(Environment& env) const {
    for (const auto& [name, original] : names_) {
        if (original) {
            env[name] = *original;
        } else {
            env.erase(name);
        }
    }
}

void set_recorded(Environment& env, const std::string& name, const std::string& value) {
    auto old = env.find(name);
    if (old != env.end() && old->second == value) return;
    HostRecord record = HostRecord::read(env);
    if (!record.lists(name)) {
        record.note(name,
                    old == env.end() ? std::nullopt : std::optional<std::string>(old->second));
        record.write(env);
    }
    env[name] = value;
}

void record_host_values(Environment& env, const Environment& host) {
    std::erase_if(env, [](const auto& entry) {
        return entry.first.starts_with(kOriginalPrefix) || entry.first == kChangedVars;
    });
    std::set<std::string> names;
    for (const Environment* side : {static_cast<const Environment*>(&env), &host}) {
        for (const auto& [name, value] : *side) {
            if (is_protocol_variable(name)) continue;
            auto a = env.find(name);
            auto b = host.find(name);
            bool same = a != env.end() && b != host.end() && a->second == b->second;
            if (!same) names.insert(name);
        }
    }
    HostRecord record;
    for (const auto& name : names)
        record.note(name, value_of(host, name));
    record.write(env);
}

Environment host_environment(const Environment& env) {
    Environment host = env;
    HostRecord::read(env).restore(host);
    std::erase_if(host, [](const auto& entry) { return is_protocol_variable(entry.first); });
    return host;
}

}  // namespace squashrun::core
