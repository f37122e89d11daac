// Portable home and config directories beside the AppImage (<AppImage>.home, .config).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace squashrun::runtime {

// "<appimage>.home" or "<appimage>.config".
std::string portable_dir(const std::string& appimage, const char* suffix);

// Creates the directory (mode 0755); an existing directory is fine.
core::Result<std::string> create_portable_dir(const std::string& appimage, const char* suffix);

// The HOME / XDG_CONFIG_HOME settings for the portable directories that exist.
std::vector<std::pair<std::string, std::string>> portable_settings(const std::string& appimage);

}  // namespace squashrun::runtime
