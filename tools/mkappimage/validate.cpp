// AppDir validation over a core::TreeView: AppRun, the desktop file, the icon, .DirIcon.
#include "validate.hpp"

#include <cstdlib>
#include <optional>

#include "core/apprun/config.hpp"
#include "core/apprun/config_check.hpp"
#include "core/desktop/entry.hpp"
#include "core/desktop/icon.hpp"
#include "core/desktop/search.hpp"
#include "os/executable.hpp"
#include "os/replace_file.hpp"
#include "os/temp_dir.hpp"
#include "process.hpp"

namespace squashrun::mkappimage {
namespace {

constexpr size_t kDesktopLimit = 1 << 20;

core::Status check_apprun(const core::TreeView& tree) {
    if (tree.lookup("AppRun").type == core::NodeType::missing) {
        return core::make_error(tree.where("AppRun") + ": missing (the runtime starts AppRun)");
    }
    auto target = core::resolve(tree, "AppRun");
    if (!target) return target.error();
    core::Node node = tree.lookup(*target);
    if (node.type != core::NodeType::file) {
        return core::make_error(tree.where("AppRun") + ": not a regular file");
    }
    if ((node.mode & 0111) == 0) {
        return core::make_error(tree.where("AppRun") + ": not executable (chmod +x it)");
    }
    return {};
}

// desktop-file-validate, when installed; a copy on disk is made for images (when no copy
// can be made, the check is skipped as when the program is missing).
core::Status run_desktop_validator(const core::TreeView& tree, const std::string& desktop,
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

// `path` (already resolved) must be a regular file: a FIFO would block, a directory is no icon.
core::Status check_regular(const core::TreeView& tree, const std::string& shown,
                           const std::string& path) {
    if (tree.lookup(path).type != core::NodeType::file) {
        return core::make_error(tree.where(shown) + ": not a regular file");
    }
    return {};
}

core::Status check_image(const core::TreeView& tree, const std::string& shown,
                         const std::string& path) {
    if (auto st = check_regular(tree, shown, path); !st) return st;
    auto head = tree.read(path, core::kImageHeadSize);
    if (!head) return head.error();
    if (!core::looks_like_image(*head)) {
        return core::make_error(tree.where(shown) + ": not a PNG, SVG or XPM image");
    }
    return {};
}

// apprun.conf, when there is one, read with AppRun's own parser and its ${APPDIR} paths
// looked up in the tree.
core::Status check_apprun_config(const core::TreeView& tree) {
    const std::string name = "apprun.conf";
    if (tree.lookup(name).type == core::NodeType::missing) return {};
    auto resolved = core::resolve(tree, name);
    if (!resolved) return resolved.error();
    if (auto st = check_regular(tree, name, *resolved); !st) return st;
    auto text = tree.read(*resolved, kDesktopLimit);
    if (!text) return text.error();
    auto fail = [&](const std::string& message) {
        return core::make_error(tree.where(name) + ": " + message);
    };
    if (auto st = core::check_unbraced_variables(*text); !st) return fail(st.message());
    auto config = core::parse_apprun_config(*text);
    if (!config) return fail(config.message());
    if (auto st = core::check_config_paths(*config, tree); !st) return fail(st.message());
    return {};
}

}  // namespace

core::Result<AppDirInfo> validate_appdir(const core::TreeView& tree, const Settings& settings,
                                         bool desktop_file_validate) {
    if (tree.lookup("").type != core::NodeType::directory) {
        return core::make_error(tree.where("") + ": not a directory");
    }
    if (auto st = check_apprun(tree); !st) return st.error();
    if (auto st = check_apprun_config(tree); !st) return st.error();
    auto desktop = core::find_desktop_file(tree);
    if (!desktop) return desktop.error();
    auto resolved = core::resolve(tree, *desktop);
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
    auto icon = core::find_icon(tree, *desktop, *parsed->entry("Icon"));
    if (!icon) return icon.error();
    auto icon_file = core::resolve(tree, *icon);
    if (!icon_file) return icon_file.error();
    if (auto st = check_image(tree, *icon, *icon_file); !st) return st.error();
    info.icon = *icon;
    if (tree.lookup(".DirIcon").type != core::NodeType::missing) {
        auto dir_icon = core::resolve(tree, ".DirIcon");
        if (!dir_icon) return dir_icon.error();
        if (auto st = check_image(tree, ".DirIcon", *dir_icon); !st) return st.error();
        info.has_dir_icon = true;
    }
    return info;
}

}  // namespace squashrun::mkappimage
