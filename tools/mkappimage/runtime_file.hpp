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

// `flag` when given (--runtime); else <dir of mkappimage>/../lib/squashrun/runtime-<arch>
// (the installed layout), else the runtime of the build tree mkappimage was built in.
core::Result<std::string> locate_runtime(const std::string& flag);

// Reads the runtime and checks it is an ELF with the type 2 magic.
core::Result<RuntimeFile> load_runtime(const std::string& path);

}  // namespace squashrun::mkappimage
