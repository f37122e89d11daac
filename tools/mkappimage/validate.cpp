// AppDir validation over a TreeView: AppRun, the desktop file, the icon, .DirIcon.
#include "validate.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>

#include "core/desktop/entry.hpp"
#include "os/executable.hpp"
#include "os/replace_file.hpp"
#include "os/temp_dir.hpp"
#include "process.hpp"

namespace squashrun::mkappimage {
namespace {

constexpr size_t kDesktopLimit = 1 << 20;
constexpr size_t kSniffLimit = 4096;
const std::vector<std::string> kIconExtensions = {".png", ".svg", ".svgz", ".xpm"};

core::Status check_apprun(const TreeView& tree) {
    if (tree.lookup("AppRun").type == NodeType::missing) {
        return core::make_error(tree.where("AppRun") + ": missing (the runtime starts AppRun)");
    }
    auto target = resolve(tree, "AppRun");
    if (!target) return target.error();
    Node node = tree.lookup(*target);
    if (node.type != NodeType::file) {
        return core::make_error(tree.where("AppRun") + ": not a regular file");
    }
    if ((node.mode & 0111) == 0) {
        return core::make_error(tree.where("AppRun") + ": not executable (chmod +x it)");
    }
    return {};
}

core::Result<std::string> find_desktop_file(const TreeView& tree) {
    std::vector<std::string> found;
    for (const auto& name : tree.list("")) {
        if (name.size() > 8 && name.ends_with(".desktop")) found.push_back(name);
    }
    std::sort(found.begin(), found.end());
    if (found.empty()) return core::make_error(tree.where("") + ": no .desktop file at the root");
    if (found.size() > 1) {
        std::string names;
        for (const auto& n : found)
            names += (names.empty() ? "" : ", ") + n;
        return core::make_error(tree.where("") + ": " + std::to_string(found.size()) +
                                " .desktop files at the root (" + names + "); keep exactly one");
    }
    return found.front();
}

// desktop-file-validate, when installed; a copy on disk is made for images (when no copy
// can be made, the check is skipped as when the program is missing).
core::Status run_desktop_validator(const TreeView& tree, const std::string& desktop,
                                   const std::string& text, const Settings& settings) {
    auto validator = os::find_executable("desktop-file-validate", settings.path);
    if (!validator) return {};
    std::string path;
    std::optional<os::TempDir> copy_dir;
    if (auto host = tree.host_path(desktop)) {
        path = *host;
    } else {
        auto made = os::TempDir::create(settings.temp_root, "mkappimage.");
        if (!made) return {};
        copy_dir.emplace(std::move(*made));
        path = copy_dir->path() + "/" + desktop;
        if (!os::replace_file(path, text)) return {};
    }
    auto result = run_program({*validator, path}, settings.tool_environment);
    copy_dir.reset();
    if (result.exit_code == 0) return {};
    std::string line = first_line_with(result.output, "error:");
    if (size_t at = line.find("error:"); at != std::string::npos) line = line.substr(at);
    return core::make_error(tree.where(desktop) + ": desktop-file-validate: " + line);
}

bool looks_like_image(const std::string& head) {
    return head.starts_with("\x89PNG\r\n\x1a\n") || head.starts_with("\x1f\x8b") ||
           head.starts_with("/* XPM */") || head.find("<svg") != std::string::npos;
}

// `path` (already resolved) must be a regular file: a FIFO would block, a directory is no icon.
core::Status check_regular(const TreeView& tree, const std::string& shown,
                           const std::string& path) {
    if (tree.lookup(path).type != NodeType::file) {
        return core::make_error(tree.where(shown) + ": not a regular file");
    }
    return {};
}

core::Status check_image(const TreeView& tree, const std::string& shown, const std::string& path) {
    if (auto st = check_regular(tree, shown, path); !st) return st;
    auto head = tree.read(path, kSniffLimit);
    if (!head) return head.error();
    if (!looks_like_image(*head)) {
        return core::make_error(tree.where(shown) + ": not a PNG, SVG or XPM image");
    }
    return {};
}

// Preference among theme icons: larger PNG sizes first, then scalable ones.
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

void find_theme_icons(const TreeView& tree, const std::string& dir, const std::string& icon,
                      int depth, std::vector<std::string>& found) {
    if (depth > 8) return;
    for (const auto& name : tree.list(dir)) {
        std::string path = dir;
        path.append("/").append(name);
        NodeType type = tree.lookup(path).type;
        if (type == NodeType::directory) {
            find_theme_icons(tree, path, icon, depth + 1, found);
        } else if (std::any_of(kIconExtensions.begin(), kIconExtensions.end(),
                               [&](const std::string& ext) { return name == icon + ext; })) {
            found.push_back(path);
        }
    }
}

core::Result<std::string> find_icon(const TreeView& tree, const std::string& desktop,
                                    const std::string& icon) {
    if (icon.empty() || icon.find('/') != std::string::npos) {
        return core::make_error(tree.where(desktop) + ": Icon=" + icon +
                                " must be an icon name (no path, no extension needed)");
    }
    std::vector<std::string> candidates;
    candidates.reserve(kIconExtensions.size() + 1);
    for (const auto& ext : kIconExtensions)
        candidates.push_back(icon + ext);
    if (std::any_of(kIconExtensions.begin(), kIconExtensions.end(),
                    [&](const std::string& ext) { return icon.ends_with(ext); })) {
        candidates.insert(candidates.begin(), icon);
    }
    for (const auto& candidate : candidates) {
        if (tree.lookup(candidate).type != NodeType::missing) return candidate;
    }
    std::vector<std::string> themed;
    // Resolved first, so a symlinked usr/ or share/ means the same for a directory and an
    // image; inside, symlinked directories are not followed.
    if (auto icons = resolve(tree, "usr/share/icons");
        icons && tree.lookup(*icons).type == NodeType::directory) {
        find_theme_icons(tree, *icons, icon, 0, themed);
    }
    if (themed.empty()) {
        return core::make_error(tree.where(desktop) + ": Icon=" + icon + " not found (looked for " +
                                icon + ".png/.svg/.xpm at the root and under usr/share/icons)");
    }
    std::stable_sort(themed.begin(), themed.end(), [](const auto& a, const auto& b) {
        return icon_rank(a) != icon_rank(b) ? icon_rank(a) > icon_rank(b) : a < b;
    });
    return themed.front();
}

}  // namespace

core::Result<AppDirInfo> validate_appdir(const TreeView& tree, const Settings& settings,
                                         bool desktop_file_validate) {
    if (tree.lookup("").type != NodeType::directory) {
        return core::make_error(tree.where("") + ": not a directory");
    }
    if (auto st = check_apprun(tree); !st) return st.error();
    auto desktop = find_desktop_file(tree);
    if (!desktop) return desktop.error();
    auto resolved = resolve(tree, *desktop);
    if (!resolved) return resolved.error();
    if (auto st = check_regular(tree, *desktop, *resolved); !st) return st.error();
    auto text = tree.read(*resolved, kDesktopLimit);
    if (!text) return text.error();
    auto parsed = core::parse_desktop_file(*text);
    if (!parsed) return core::make_error(tree.where(*desktop) + ": " + parsed.message());
    for (const char* key : {"Type", "Name", "Exec", "Icon"}) {
        if (!parsed->entry(key)) {
            return core::make_error(tree.where(*desktop) + ": no " + key + "= in [Desktop Entry]");
        }
    }
    if (*parsed->entry("Type") != "Application") {
        return core::make_error(tree.where(*desktop) + ": Type=" + *parsed->entry("Type") +
                                ", an AppImage needs Type=Application");
    }
    if (desktop_file_validate) {
        if (auto st = run_desktop_validator(tree, *desktop, *text, settings); !st)
            return st.error();
    }

    AppDirInfo info;
    info.desktop_file = *desktop;
    info.name = *parsed->entry("Name");
    info.version = parsed->entry("X-AppImage-Version").value_or("");
    auto icon = find_icon(tree, *desktop, *parsed->entry("Icon"));
    if (!icon) return icon.error();
    auto icon_file = resolve(tree, *icon);
    if (!icon_file) return icon_file.error();
    if (auto st = check_image(tree, *icon, *icon_file); !st) return st.error();
    info.icon = *icon;
    if (tree.lookup(".DirIcon").type != NodeType::missing) {
        auto dir_icon = resolve(tree, ".DirIcon");
        if (!dir_icon) return dir_icon.error();
        if (auto st = check_image(tree, ".DirIcon", *dir_icon); !st) return st.error();
        info.has_dir_icon = true;
    }
    return info;
}

}  // namespace squashrun::mkappimage
