// The checks an AppDir must pass before anything is written.
#pragma once

#include <string>

#include "core/format/tree.hpp"
#include "core/result.hpp"
#include "settings.hpp"

namespace squashrun::mkappimage {

struct AppDirInfo {
    std::string desktop_file;   // name of the one .desktop file at the root
    std::string name;           // Name=
    std::string version;        // X-AppImage-Version=, may be empty
    std::string icon;           // path of the icon image, relative to the root
    bool has_dir_icon = false;  // .DirIcon present (and an image)
};

// AppRun present and executable (a symlink must stay inside the tree); exactly one .desktop
// file at the root that parses, has Name, Exec, Icon and Type=Application, and that
// desktop-file-validate accepts when installed; Icon= resolves to a PNG, SVG or XPM image at
// the root or under usr/share/icons; .DirIcon, when present, is an image too; apprun.conf,
// when present, parses as AppRun parses it and names no ${APPDIR} path that is not there.
// The error is one line naming the file and the problem.
// `desktop_file_validate` false skips that program (for a second look at the same files);
// `settings` say where it is found, what its environment is and where a copy goes.
core::Result<AppDirInfo> validate_appdir(const core::TreeView& tree, const Settings& settings,
                                         bool desktop_file_validate = true);

}  // namespace squashrun::mkappimage
