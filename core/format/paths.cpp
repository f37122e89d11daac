// Entry-name safety and pattern selection for extraction.
#include "core/format/paths.hpp"

#include <fnmatch.h>

namespace squashrun::core {

bool is_safe_entry_name(std::string_view name) {
    return !name.empty() && name != "." && name != ".." &&
           name.find('/') == std::string_view::npos && name.find('\0') == std::string_view::npos;
}

bool path_selected(std::string_view path, const std::vector<std::string>& patterns) {
    if (patterns.empty()) return true;
    std::string candidate(path);
    for (;;) {
        for (const auto& pattern : patterns) {
            if (::fnmatch(pattern.c_str(), candidate.c_str(), FNM_PATHNAME) == 0) return true;
        }
        size_t slash = candidate.rfind('/');
        if (slash == std::string::npos) return false;
        candidate.resize(slash);
    }
}

}  // namespace squashrun::core
