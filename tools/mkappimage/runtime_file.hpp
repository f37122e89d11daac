// Finding and checking the runtime that heads every AppImage mkappimage writes.
#pragma once

#include <string>

#include "core/result.hpp"

namespace squashrun::mkappimage {

struct RuntimeFile {
    std::string path;
    std::string bytes;  // the whole runtime
    bool has_update_section = false;
};

// A program mkappimage puts into AppImages: `flag` when given (its option); else
// <dir of mkappimage>/../lib/squashrun/`name` (the installed layout), else `built` (the file
// of the build tree mkappimage was built in). Errors name the option to pass.
core::Result<std::string> locate_installed(const std::string& flag, const std::string& name,
                                           const std::string& built, const std::string& option);

// The runtime: --runtime, else lib/squashrun/runtime-<arch>, else the build tree's.
core::Result<std::string> locate_runtime(const std::string& flag);

// Reads the runtime and checks it is an ELF with the type 2 magic.
core::Result<RuntimeFile> load_runtime(const std::string& path);

}  // namespace squashrun::mkappimage
