// `mkappimage python RECIPE [OUTPUT]`: a python-appimage recipe (or a Python project) in, an
// AppImage out.
#pragma once

#include "../settings.hpp"

namespace squashrun::mkappimage {

// argv[0] is "python". Returns the exit status (0 written, 1 failure, 2 usage).
int python_main(int argc, char** argv, const Settings& settings);

}  // namespace squashrun::mkappimage
