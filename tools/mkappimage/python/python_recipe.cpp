// Recipe files: found by python-appimage's names, templated, and placed where an AppDir keeps
// them.
#include "python_recipe.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include "core/desktop/entry.hpp"
#include "core/desktop/icon.hpp"
#include "core/desktop/integration.hpp"
#include "core/text/text.hpp"
#include "os/copy_tree.hpp"
#include "os/files.hpp"
#include "os/fs_ops.hpp"
#include "os/replace_file.hpp"

namespace squashrun::mkappimage {
namespace {

std::vector<std::string> sorted_names(const std::string& dir) {
    auto names = os::list_directory(dir);
    std::sort(names.begin(), names.end());
    return names;
}

bool is_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// The file at `path` with its templates filled in; errors read "<path>: line N: ...".
core::Result<std::string> rendered(const std::string& path, const core::TemplateValues& values) {
    auto text = os::read_file(path, 1 << 20);
    if (!text) return text.error();
    auto out = core::render_template(*text, values);
    if (!out) return core::make_error(path + ": " + out.message());
    return out;
}

// `appdir`/`relative`, with a link to it at the root named like the file.
core::Status place_with_link(const std::string& appdir, const std::string& relative,
                             const std::string& content) {
    size_t slash = relative.rfind('/');
    if (auto st = os::make_directories(appdir, relative.substr(0, slash)); !st) return st;
    if (auto st = os::replace_file(os::join_path(appdir, relative), content, 0644); !st) return st;
    std::string link = os::join_path(appdir, relative.substr(slash + 1));
    ::unlink(link.c_str());
    if (::symlink(relative.c_str(), link.c_str()) != 0)
        return core::make_error(link + ": " + std::strerror(errno));
    return {};
}

}  // namespace

core::Result<Recipe> read_recipe(const std::string& dir, const std::string& desktop,
                                 const std::string& icon) {
    Recipe recipe;
    char resolved[PATH_MAX];
    if (::realpath(dir.c_str(), resolved) == nullptr)
        return core::make_error(dir + ": " + std::strerror(errno));
    recipe.dir = resolved;
    struct stat st {};
    if (::stat(recipe.dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        return core::make_error(dir + ": not a directory (give a recipe or a project directory)");
    for (const auto& name : sorted_names(recipe.dir)) {
        std::string path = os::join_path(recipe.dir, name);
        if (!is_file(path)) continue;
        if (name.starts_with("entrypoint.") && !recipe.entrypoint) recipe.entrypoint = path;
        if (name == "requirements.txt") recipe.requirements = path;
        if (name == "pyproject.toml") recipe.project = path;
        if (name.ends_with(".desktop") && name.size() > 8 && recipe.desktop.empty())
            recipe.desktop = path;
        if ((name.ends_with(".appdata.xml") || name.ends_with(".metainfo.xml")) && !recipe.appdata)
            recipe.appdata = path;
    }
    if (recipe.entrypoint) {
        recipe.project.reset();
    } else if (!recipe.project) {
        return core::make_error(dir +
                                ": no entrypoint.sh (a python-appimage recipe) and no "
                                "pyproject.toml (a Python project): nothing to run");
    } else if (desktop.empty() || icon.empty()) {
        return core::make_error(dir + ": a Python project needs --desktop FILE and --icon FILE");
    }
    if (!desktop.empty()) recipe.desktop = desktop;
    if (recipe.desktop.empty()) return core::make_error(dir + ": no .desktop file");
    recipe.icon = icon;
    return recipe;
}

core::Result<std::string> project_entry_point(const std::string& pyproject) {
    auto text = os::read_file(pyproject, 1 << 20);
    if (!text) return text.error();
    std::string_view rest = *text;
    bool in_scripts = false;
    while (!rest.empty()) {
        std::string_view line = core::take_line(rest);
        if (line.starts_with('[')) {
            in_scripts = line == "[project.scripts]";
            continue;
        }
        size_t equals = line.find('=');
        if (!in_scripts || equals == std::string_view::npos || line.starts_with('#')) continue;
        std::string_view value = core::trim(line.substr(equals + 1));
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
            value.back() == value.front()) {
            return std::string(value.substr(1, value.size() - 2));
        }
    }
    return core::make_error(pyproject + ": no [project.scripts] entry to run");
}

core::Status place_desktop_files(const Recipe& recipe, const std::string& appdir,
                                 const core::TemplateValues& values) {
    auto desktop = rendered(recipe.desktop, values);
    if (!desktop) return desktop.error();
    std::string desktop_name = recipe.desktop.substr(recipe.desktop.rfind('/') + 1);
    if (auto st = place_with_link(appdir, "usr/share/applications/" + desktop_name, *desktop); !st)
        return st;
    auto parsed = core::parse_desktop_file(*desktop);
    if (!parsed) return core::make_error(recipe.desktop + ": " + parsed.message());
    std::string icon_name = parsed->entry("Icon").value_or("");
    std::string icon = recipe.icon;
    if (icon.empty() && !icon_name.empty()) {
        for (const char* ext : {".png", ".svg"}) {
            if (is_file(os::join_path(recipe.dir, icon_name + ext))) {
                icon = os::join_path(recipe.dir, icon_name + ext);
                break;
            }
        }
    }
    if (!icon.empty() && !icon_name.empty() && icon_name.find('/') == std::string::npos) {
        auto content = os::read_file(icon, 16 << 20);
        if (!content) return content.error();
        auto placement = core::place_icon(*content);
        if (!placement) return core::make_error(icon + ": " + placement.message());
        std::string relative = "usr/share/icons/hicolor/" + placement->size_dir + "/apps/" +
                               icon_name + placement->extension;
        if (auto st = place_with_link(appdir, relative, *content); !st) return st;
        std::string dir_icon = os::join_path(appdir, ".DirIcon");
        if (::symlink((icon_name + placement->extension).c_str(), dir_icon.c_str()) != 0)
            return core::make_error(dir_icon + ": " + std::strerror(errno));
    }
    if (recipe.appdata) {
        auto appdata = rendered(*recipe.appdata, values);
        if (!appdata) return appdata.error();
        std::string name = recipe.appdata->substr(recipe.appdata->rfind('/') + 1);
        if (auto st = os::make_directories(appdir, "usr/share/metainfo"); !st) return st;
        if (auto st = os::replace_file(os::join_path(appdir, "usr/share/metainfo/" + name),
                                       *appdata, 0644);
            !st) {
            return st;
        }
    }
    return {};
}

core::Result<std::optional<core::PythonCommand>> place_entrypoint(
    const Recipe& recipe, const std::string& appdir, const core::TemplateValues& values) {
    if (recipe.project) {
        auto entry = project_entry_point(*recipe.project);
        if (!entry) return entry.error();
        core::PythonCommand command;
        command.flags = {"-I"};
        command.entry_point = *entry;
        return std::optional<core::PythonCommand>(command);
    }
    auto script = rendered(*recipe.entrypoint, values);
    if (!script) return script.error();
    if (auto command = core::parse_entrypoint(*script, values.at("python-executable")))
        return std::optional<core::PythonCommand>(*command);
    // python-appimage runs other entry points with bash, their first line aside.
    std::string text = *script;
    if (!text.starts_with("#!")) text = "#! /bin/bash\n" + text;
    if (auto st = os::replace_file(os::join_path(appdir, "entrypoint.sh"), text, 0755); !st)
        return st.error();
    return std::optional<core::PythonCommand>();
}

}  // namespace squashrun::mkappimage
