// The AppDir's desktop file, found by name at the root of a TreeView.
#include "core/desktop/search.hpp"

#include <algorithm>

namespace squashrun::core {

std::vector<std::string> root_desktop_files(const TreeView& tree) {
    std::vector<std::string> found;
    // Kept sorted as they come (there are few): std::sort would cost the static AppRun more.
    for (const auto& name : tree.list("")) {
        if (name.size() > 8 && name.ends_with(".desktop")) {
            found.insert(std::lower_bound(found.begin(), found.end(), name), name);
        }
    }
    return found;
}

Result<std::string> find_desktop_file(const TreeView& tree) {
    std::vector<std::string> found = root_desktop_files(tree);
    if (found.empty()) return make_error(tree.where("") + ": no .desktop file at the root");
    if (found.size() > 1) {
        std::string names;
        for (const auto& n : found)
            names += (names.empty() ? "" : ", ") + n;
        return make_error(tree.where("") + ": " + std::to_string(found.size()) +
                          " .desktop files at the root (" + names + "); keep exactly one");
    }
    return found.front();
}

}  // namespace squashrun::core
