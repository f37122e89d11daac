// stat(2) and access(2) over the candidates core::search_candidates lists.
#include "os/executable.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include "core/text/text.hpp"

namespace squashrun::os {

bool is_executable_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
}

std::optional<std::string> find_executable(std::string_view name, std::string_view search_path) {
    if (name.empty()) return std::nullopt;
    if (name.find('/') != std::string_view::npos) {
        std::string path(name);
        if (is_executable_file(path)) return path;
        return std::nullopt;
    }
    for (auto& candidate : core::search_candidates(search_path, name)) {
        if (is_executable_file(candidate)) return std::move(candidate);
    }
    return std::nullopt;
}

}  // namespace squashrun::os
