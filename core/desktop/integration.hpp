// Desktop integration of an AppImage as values: the names libappimage gives the files it
// writes (so AppImageLauncher, appimaged and libappimage recognise ours), the desktop entry
// rewritten to start the AppImage, and the hicolor directory an icon belongs in.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/desktop/entry.hpp"
#include "core/result.hpp"

namespace squashrun::core {

// What our entries carry besides libappimage's keys: the AppDir's desktop file name (an
// install from a new path finds the app's stale entries by it) and the directories under
// $XDG_DATA_HOME that installing created (uninstalling removes those, when empty).
inline constexpr std::string_view kSourceDesktopKey = "X-Squashrun-Desktop-File";
inline constexpr std::string_view kCreatedDirsKey = "X-Squashrun-Created-Dirs";

// The identifier of the AppImage at `absolute_path`, as libappimage computes it: the MD5 of
// "file://" followed by the path, in hexadecimal.
std::string appimage_identifier(std::string_view absolute_path);

// "appimagekit_<id>": every file integrated for that AppImage has it in its name.
std::string integration_prefix(std::string_view id);

// `name` with every character but A-Z, a-z, 0-9, '.', '-' and '_' replaced by '_'.
std::string sanitize_file_name(std::string_view name);

// "appimagekit_<id>_<name>", `name` sanitized: icons, MIME packages and AppStream files.
std::string integrated_file_name(std::string_view id, std::string_view name);

// Why `entry` asks not to be put in the menu (X-AppImage-Integrate=false, NoDisplay=true),
// or nullopt.
std::optional<std::string> integration_refusal(const DesktopFile& entry);

struct EntryRequest {
    std::string appimage;                   // the absolute path the entry starts
    std::string id;                         // appimage_identifier(appimage)
    std::string source_name;                // the AppDir's desktop file, e.g. "app.desktop"
    std::vector<std::string> created_dirs;  // relative to $XDG_DATA_HOME; repeats are dropped
};

struct IntegratedEntry {
    std::string file_name;  // "appimagekit_<id>-<Name, sanitized>.desktop"
    std::string text;
};

// The AppDir's `entry` rewritten for the menu: Exec= of [Desktop Entry] and of every
// [Desktop Action ...] starts the AppImage (quoted for any path, through /bin/sh -c when the
// path holds '%', which GLib's launcher cannot find as a program; field codes kept), TryExec=
// is the path, each Icon= is renamed integrated_file_name(id, icon) (the old value kept as
// X-AppImage-Old-Icon), every Name gets " (VERSION)" when X-AppImage-Version is set (the old
// one kept as X-AppImage-Old-Name), X-AppImage-Identifier is the id, DBusActivatable goes
// (D-Bus would start the app without the AppImage), and our two keys are set. Errors: no
// Name or Exec, an Exec= that does not split, an Icon= that is a path.
Result<IntegratedEntry> integrate_desktop_entry(const DesktopFile& entry,
                                                const EntryRequest& request);

// The created directories an integrated entry records. Anything that is not a plain relative
// path (empty, absolute, with "." or ".." components) is left out.
std::vector<std::string> recorded_created_dirs(const DesktopFile& entry);

// A hicolor size directory name as an AppDir may have it: "48x48", "48x48@2", "scalable",
// "symbolic".
bool is_icon_size_dir(std::string_view name);

struct IconPlacement {
    std::string size_dir;   // "48x48" ... or "scalable"
    std::string extension;  // ".png" or ".svg"
};

// Where an icon with these first bytes goes: a PNG under the standard hicolor size nearest
// its width (16 to 512; the larger on a tie), an SVG under scalable. Anything else is an
// error.
Result<IconPlacement> place_icon(std::string_view head);

}  // namespace squashrun::core
