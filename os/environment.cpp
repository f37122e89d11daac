// environ read once per call; entries compared by the name before '='.
#include "os/environment.hpp"

#include <unistd.h>

#include <algorithm>

extern char** environ;  // NOLINT(readability-redundant-declaration): unistd.h declares it only with
                        // _GNU_SOURCE

namespace squashrun::os {

std::vector<std::string> current_environment() {
    std::vector<std::string> entries;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e)
        entries.emplace_back(*e);
    return entries;
}

std::vector<std::string> without_variable(std::vector<std::string> entries, std::string_view name) {
    std::erase_if(entries, [name](const std::string& entry) {
        return entry.size() > name.size() && entry[name.size()] == '=' && entry.starts_with(name);
    });
    return entries;
}

}  // namespace squashrun::os
