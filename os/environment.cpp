// environ read once per call; entries compared by the name before '='.
#include "os/environment.hpp"

#include <unistd.h>

#include <algorithm>

extern char** environ;  // NOLINT(readability-redundant-declaration): not always in unistd.h

namespace squashrun::os {
namespace {

bool is_entry_for(std::string_view entry, std::string_view name) {
    return entry.size() > name.size() && entry[name.size()] == '=' && entry.starts_with(name);
}

}  // namespace

std::vector<std::string> current_environment() {
    std::vector<std::string> entries;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e)
        entries.emplace_back(*e);
    return entries;
}

std::optional<std::string> variable_value(const std::vector<std::string>& entries,
                                          std::string_view name) {
    for (const std::string& entry : entries) {
        if (is_entry_for(entry, name)) return entry.substr(name.size() + 1);
    }
    return std::nullopt;
}

void set_variable(std::vector<std::string>& entries, std::string_view name,
                  std::string_view value) {
    std::string entry = std::string(name) + "=" + std::string(value);
    for (std::string& existing : entries) {
        if (is_entry_for(existing, name)) {
            existing = std::move(entry);
            return;
        }
    }
    entries.push_back(std::move(entry));
}

std::vector<std::string> without_variable(std::vector<std::string> entries, std::string_view name) {
    std::erase_if(entries, [name](const std::string& entry) { return is_entry_for(entry, name); });
    return entries;
}

}  // namespace squashrun::os
