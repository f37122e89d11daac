// Classifying requirement lines by their first characters and endings.
#include "core/python/requirements.hpp"

#include <algorithm>

#include "core/text/text.hpp"

namespace squashrun::core {
namespace {

bool is_module_name(std::string_view name) {
    if (name.empty() || name.front() == '.' || name.back() == '.') return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '.';
    });
}

bool is_path(std::string_view text) {
    if (text.starts_with('/') || text.starts_with("./") || text.starts_with("../") || text == "." ||
        text == "..") {
        return true;
    }
    if (text.find("://") != std::string_view::npos) return false;
    for (std::string_view ending : {".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2"}) {
        if (text.ends_with(ending)) return true;
    }
    return false;
}

}  // namespace

Result<std::vector<Requirement>> parse_requirements(std::string_view text) {
    std::vector<Requirement> out;
    size_t number = 0;
    while (!text.empty()) {
        std::string_view line = take_line(text);
        ++number;
        if (size_t comment = line.find(" #"); comment != std::string_view::npos)
            line = trim(line.substr(0, comment));
        if (line.empty() || line.starts_with('#')) continue;
        Requirement r{RequirementKind::package, std::string(line), number};
        if (line.starts_with('-')) {
            r.kind = RequirementKind::option;
        } else if (line.starts_with("local+")) {
            r.kind = RequirementKind::local_module;
            r.text = std::string(trim(line.substr(6)));
            if (!is_module_name(r.text)) {
                return make_error("line " + std::to_string(number) + ": local+" + r.text +
                                  " is not a module name");
            }
        } else if (is_path(line)) {
            r.kind = RequirementKind::local_path;
        }
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace squashrun::core
