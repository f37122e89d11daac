// Build-time checks of an apprun.conf against the AppDir it will run in, so that a typo shows
// up when the AppImage is made rather than at launch, where it names a mount point that is
// already gone.
#pragma once

#include <string_view>

#include "core/apprun/config.hpp"
#include "core/format/tree.hpp"
#include "core/result.hpp"

namespace squashrun::core {

// Every path the configuration names inside ${APPDIR} must be there: the program, the
// interpreter and the loader as executable files, the script as a file, each library-path
// entry, the hooks and the working directory as directories, the desktop hooks as
// executable files. Symlinks are followed inside the tree. Values that hold another ${...}
// are left alone (their value is known only at launch). Errors read "line N: ...".
Status check_config_paths(const AppRunConfig& config, const TreeView& tree);

// A line that writes $APPDIR without braces, which AppRun would take literally: errors read
// "line N: $APPDIR is not expanded in apprun.conf; write ${APPDIR}".
Status check_unbraced_variables(std::string_view text);

}  // namespace squashrun::core
