// --base-image: a Python AppImage in python-appimage's layout (opt/pythonX.Y with its
// interpreter, standard library and pip) as the start of the AppDir, read with this project's
// own extraction code (the runtime's --appimage-extract with TARGET_APPIMAGE), never by
// running the base image itself.
#pragma once

#include <string>

#include "../settings.hpp"
#include "core/result.hpp"

namespace squashrun::mkappimage {

// Extracts `base_image` into `appdir` (made here) with `runtime`, drops its own entry (AppRun,
// desktop file, icons, AppStream file) and returns the path of its interpreter. Errors name
// the base image: not an AppImage, not a Python AppImage.
core::Result<std::string> unpack_base_image(const std::string& base_image,
                                            const std::string& runtime, const std::string& appdir,
                                            const std::string& work, const Settings& settings);

}  // namespace squashrun::mkappimage
