// The conventional file name of an AppImage: Name-Version-ARCH.AppImage.
#pragma once

#include <string>
#include <string_view>

namespace squashrun::core {

// The architecture names AppImages use for a uname machine: x86_64, i686, aarch64, armhf;
// others are returned unchanged.
std::string appimage_arch(std::string_view machine);

// "<name>-<version>-<arch>.AppImage" ("<name>-<arch>.AppImage" without a version). Spaces
// become underscores; '/' and control characters are dropped, so the result is one file name.
std::string default_appimage_name(std::string_view name, std::string_view version,
                                  std::string_view arch);

}  // namespace squashrun::core
