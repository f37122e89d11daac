// The one-desktop-file rule of an AppDir: exactly one NAME.desktop at its root.
#pragma once

#include <string>
#include <vector>

#include "core/format/tree.hpp"
#include "core/result.hpp"

namespace squashrun::core {

// The names at the root of `tree` that end in ".desktop" after at least one character,
// sorted.
std::vector<std::string> root_desktop_files(const TreeView& tree);

// The name of the AppDir's one desktop file. Errors name the root: "no .desktop file at the
// root", or "N .desktop files at the root (a.desktop, b.desktop); keep exactly one".
Result<std::string> find_desktop_file(const TreeView& tree);

}  // namespace squashrun::core
