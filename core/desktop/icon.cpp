// Icon lookup: the root first, then the themes, larger sizes preferred.
#include "core/desktop/icon.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace squashrun::core {
namespace {

constexpr int kMaxThemeDepth = 8;

bool has_icon_extension(const std::string& name) {
    return std::any_of(kIconExtensions.begin(), kIconExtensions.end(),
                       [&](std::string_view ext) { return name.ends_with(ext); });
}

void collect_theme_icons(const TreeView& tree, const std::string& dir, const std::string& icon,
                         int depth, std::vector<std::string>& found) {
    if (depth > kMaxThemeDepth) return;
    for (const auto& name : tree.list(dir)) {
        std::string path = dir;
        path.append("/").append(name);
        NodeType type = tree.lookup(path).type;
        if (type == NodeType::directory) {
            collect_theme_icons(tree, path, icon, depth + 1, found);
        } else if (std::any_of(
                       kIconExtensions.begin(), kIconExtensions.end(),
                       [&](std::string_view ext) { return name == icon + std::string(ext); })) {
            found.push_back(path);
        }
    }
}

}  // namespace

bool looks_like_image(std::string_view head) {
    return head.starts_with("\x89PNG\r\n\x1a\n") || head.starts_with("\x1f\x8b") ||
           head.starts_with("/* XPM */") || head.find("<svg") != std::string_view::npos;
}

int icon_rank(const std::string& path) {
    if (path.ends_with(".svg") || path.ends_with(".svgz")) return 1000;
    size_t x = path.find('x');
    while (x != std::string::npos) {
        size_t start = x;
        while (start > 0 && std::isdigit(static_cast<unsigned char>(path[start - 1])))
            --start;
        if (start < x) return std::atoi(path.c_str() + start);
        x = path.find('x', x + 1);
    }
    return 0;
}

std::vector<std::string> find_theme_icons(const TreeView& tree, const std::string& dir,
                                          const std::string& icon) {
    std::vector<std::string> found;
    collect_theme_icons(tree, dir, icon, 0, found);
    return found;
}

Result<std::string> find_icon(const TreeView& tree, const std::string& desktop,
                              const std::string& icon) {
    if (icon.empty() || icon.find('/') != std::string::npos) {
        return make_error(tree.where(desktop) + ": Icon=" + icon +
                          " must be an icon name (no path, no extension needed)");
    }
    std::vector<std::string> candidates;
    candidates.reserve(kIconExtensions.size() + 1);
    if (has_icon_extension(icon)) candidates.push_back(icon);
    for (std::string_view ext : kIconExtensions)
        candidates.push_back(icon + std::string(ext));
    for (const auto& candidate : candidates) {
        if (tree.lookup(candidate).type != NodeType::missing) return candidate;
    }
    std::vector<std::string> themed;
    // Resolved first, so a symlinked usr/ or share/ means the same for a directory and an
    // image; inside, symlinked directories are not followed.
    if (auto icons = resolve(tree, "usr/share/icons");
        icons && tree.lookup(*icons).type == NodeType::directory) {
        themed = find_theme_icons(tree, *icons, icon);
    }
    if (themed.empty()) {
        return make_error(tree.where(desktop) + ": Icon=" + icon + " not found (looked for " +
                          icon + ".png/.svg/.xpm at the root and under usr/share/icons)");
    }
    std::stable_sort(themed.begin(), themed.end(), [](const auto& a, const auto& b) {
        return icon_rank(a) != icon_rank(b) ? icon_rank(a) > icon_rank(b) : a < b;
    });
    return themed.front();
}

}  // namespace squashrun::core
