// Where the AppDir is: the directory of the real executable, or, when AppRun is reached
// through a hard link such as usr/bin/python3, the nearest parent whose AppRun is that file.
#pragma once

#include <string>

#include "core/result.hpp"

namespace squashrun::apprun {

core::Result<std::string> locate_appdir();

}  // namespace squashrun::apprun
