// Finding an AppDir's icon over a TreeView: Icon= at the root or in the icon themes under
// usr/share/icons, and telling an image from something else by its first bytes.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/format/tree.hpp"
#include "core/result.hpp"

namespace squashrun::core {

// The file name endings an icon may have, in order of preference at the root.
inline constexpr std::array<std::string_view, 4> kIconExtensions = {".png", ".svg", ".svgz",
                                                                    ".xpm"};

// How many first bytes of a file looks_like_image needs.
inline constexpr size_t kImageHeadSize = 4096;

// True for the start of a PNG, a gzip stream (.svgz), an XPM or an SVG (<svg in `head`).
bool looks_like_image(std::string_view head);

// Preference among theme icons: the size in a path's first NxN (e.g. 48 for .../48x48/...),
// 1000 for scalable ones (.svg, .svgz), 0 when there is neither.
int icon_rank(const std::string& path);

// Every file named `icon` plus one of kIconExtensions below directory `dir`, at most eight
// levels down; symlinked directories are not followed. In listing order.
std::vector<std::string> find_theme_icons(const TreeView& tree, const std::string& dir,
                                          const std::string& icon);

// The path of the icon that Icon=`icon` of the desktop file `desktop` means: `icon` with an
// extension, or `icon` itself when it has one, at the root; else the best-ranked theme icon
// under usr/share/icons (resolved first, so a symlinked usr/ or share/ counts). Errors name
// the desktop file: an icon given as a path, or none found.
Result<std::string> find_icon(const TreeView& tree, const std::string& desktop,
                              const std::string& icon);

}  // namespace squashrun::core
