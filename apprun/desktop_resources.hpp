// What --install-desktop takes from an AppDir: its desktop file, its icons (hicolor, else
// .DirIcon), MIME packages and AppStream files, each with the name it gets under
// $XDG_DATA_HOME.
#pragma once

#include <string>
#include <vector>

#include "core/desktop/entry.hpp"
#include "core/result.hpp"

namespace squashrun::apprun {

// A file for $XDG_DATA_HOME: it goes to DIR/appimagekit_<id>_NAME.
struct PlannedFile {
    std::string dir;   // relative to $XDG_DATA_HOME, e.g. "icons/hicolor/48x48/apps"
    std::string name;  // its name in the AppDir (for .DirIcon: the icon's name)
    std::string content;
};

struct AppDirResources {
    std::string desktop_name;  // e.g. "app.desktop"
    core::DesktopFile desktop;
    std::vector<PlannedFile> files;     // icons, MIME packages, AppStream files
    std::vector<std::string> warnings;  // e.g. an icon that could not be placed
    bool has_mime = false;
};

// Reads the resources of the AppDir at `appdir`. Errors name the file: no or several
// desktop files, one that does not parse.
core::Result<AppDirResources> read_appdir_resources(const std::string& appdir);

}  // namespace squashrun::apprun
