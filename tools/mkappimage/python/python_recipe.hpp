// A python-appimage recipe directory (entrypoint.sh, requirements.txt, NAME.desktop, the
// icon, NAME.appdata.xml), or a Python project (pyproject.toml) with its desktop file and
// icon given, and their files templated into the AppDir.
#pragma once

#include <optional>
#include <string>

#include "core/python/entrypoint.hpp"
#include "core/python/template.hpp"
#include "core/result.hpp"

namespace squashrun::mkappimage {

struct Recipe {
    std::string dir;                          // absolute
    std::optional<std::string> entrypoint;    // entrypoint.* (a recipe)
    std::optional<std::string> requirements;  // requirements.txt
    std::optional<std::string> project;       // pyproject.toml (a project)
    std::string desktop;                      // the .desktop file
    std::string icon;                         // the icon file ("" when none is found)
    std::optional<std::string> appdata;       // *.appdata.xml or *.metainfo.xml
};

// Finds the recipe's files. A project needs `desktop` and `icon` (the options); a recipe may
// give them too. Errors name the directory: neither an entry point nor a project, no desktop
// file.
core::Result<Recipe> read_recipe(const std::string& dir, const std::string& desktop,
                                 const std::string& icon);

// The entry point of a project: the first [project.scripts] entry of pyproject.toml, as
// package.module:function. Errors name the file.
core::Result<std::string> project_entry_point(const std::string& pyproject);

// Writes the templated desktop file to usr/share/applications (and a link at the root), the
// icon to usr/share/icons/hicolor/SIZE/apps as Icon= names it (and a link at the root), and
// the templated AppStream file to usr/share/metainfo. Template errors name the file and line.
core::Status place_desktop_files(const Recipe& recipe, const std::string& appdir,
                                 const core::TemplateValues& values);

// The app's command: the templated entry point as a Python command when it is one of the
// common forms; else it is written to APPDIR/entrypoint.sh for bash, and the result has no
// Python command. For a project: its entry point, with -I.
core::Result<std::optional<core::PythonCommand>> place_entrypoint(
    const Recipe& recipe, const std::string& appdir, const core::TemplateValues& values);

}  // namespace squashrun::mkappimage
