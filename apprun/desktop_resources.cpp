// Collecting an AppDir's desktop resources through the tree view of the desktop domain.
#include "desktop_resources.hpp"

#include <algorithm>
#include <limits>

#include "core/desktop/icon.hpp"
#include "core/desktop/integration.hpp"
#include "core/desktop/search.hpp"
#include "os/directory_tree.hpp"
#include "os/fs_ops.hpp"

namespace squashrun::apprun {
namespace {

constexpr size_t kMaxResource = 16 << 20;  // an icon or XML file larger than this is refused

std::string stem_of(const std::string& name) {
    size_t dot = name.rfind('.');
    return dot == std::string::npos ? name : name.substr(0, dot);
}

// The regular file `path` leads to inside the tree (symlinks followed), read whole.
core::Result<std::string> read_resource(const core::TreeView& tree, const std::string& path) {
    auto resolved = core::resolve(tree, path);
    if (!resolved) return resolved.error();
    if (tree.lookup(*resolved).type != core::NodeType::file)
        return core::make_error(tree.where(path) + ": not a regular file");
    return tree.read(*resolved, kMaxResource);
}

std::vector<std::string> sorted(std::vector<std::string> names) {
    std::sort(names.begin(), names.end());
    return names;
}

// Every *.xml file of `dir` in the tree, filed under `target_dir` with the integrated name.
void add_xml_files(const core::TreeView& tree, const std::string& dir,
                   const std::string& target_dir, AppDirResources& out) {
    for (const auto& name : sorted(tree.list(dir))) {
        if (!name.ends_with(".xml")) continue;
        auto content = read_resource(tree, os::join_path(dir, name));
        if (!content) {
            out.warnings.push_back(content.message());
            continue;
        }
        out.files.push_back({target_dir, name, std::move(*content)});
    }
}

// The hicolor icons; true when one of them is named after `icon`.
bool add_theme_icons(const core::TreeView& tree, const std::string& icon, AppDirResources& out) {
    const std::string theme = "usr/share/icons/hicolor";
    bool found = false;
    for (const auto& size : sorted(tree.list(theme))) {
        if (!core::is_icon_size_dir(size)) continue;
        std::string apps = os::join_path(theme, size) + "/apps";
        for (const auto& name : sorted(tree.list(apps))) {
            auto content = read_resource(tree, os::join_path(apps, name));
            if (!content) {
                out.warnings.push_back(content.message());
                continue;
            }
            found = found || (!icon.empty() && stem_of(name) == icon);
            out.files.push_back({"icons/hicolor/" + size + "/apps", name, std::move(*content)});
        }
    }
    return found;
}

// .DirIcon, else the icon at the root, filed under the size read from its bytes.
void add_fallback_icon(const core::TreeView& tree, const std::string& desktop_name,
                       const std::string& icon, AppDirResources& out) {
    std::string path = ".DirIcon";
    if (tree.lookup(path).type == core::NodeType::missing) {
        auto found = core::find_icon(tree, desktop_name, icon);
        if (!found) {
            out.warnings.push_back(found.message() + "; no icon installed");
            return;
        }
        path = *found;
    }
    auto content = read_resource(tree, path);
    if (!content) {
        out.warnings.push_back(content.message() + "; no icon installed");
        return;
    }
    auto placement = core::place_icon(*content);
    if (!placement) {
        out.warnings.push_back(tree.where(path) + ": " + placement.message() +
                               "; no icon installed");
        return;
    }
    out.files.push_back({"icons/hicolor/" + placement->size_dir + "/apps",
                         icon + placement->extension, std::move(*content)});
}

}  // namespace

core::Result<AppDirResources> read_appdir_resources(const std::string& appdir) {
    os::DirectoryTree tree(appdir);
    auto desktop_name = core::find_desktop_file(tree);
    if (!desktop_name) return desktop_name.error();
    auto text = tree.read(*desktop_name, kMaxResource);
    if (!text) return text.error();
    auto desktop = core::parse_desktop_file(*text);
    if (!desktop) return core::make_error(tree.where(*desktop_name) + ": " + desktop.message());
    AppDirResources out{*desktop_name, std::move(*desktop), {}, {}, false};
    std::string icon = out.desktop.entry("Icon").value_or("");
    bool themed = add_theme_icons(tree, icon, out);
    if (!icon.empty() && icon.find('/') == std::string::npos && !themed)
        add_fallback_icon(tree, *desktop_name, icon, out);
    size_t before = out.files.size();
    add_xml_files(tree, "usr/share/mime/packages", "mime/packages", out);
    out.has_mime = out.files.size() > before;
    add_xml_files(tree, "usr/share/metainfo", "metainfo", out);
    return out;
}

}  // namespace squashrun::apprun
