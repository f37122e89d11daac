// What an interpreter is: asked of the interpreter itself, so that a pyenv shim, a venv or a
// relocatable installation answers for the Python it really runs.
#pragma once

#include <string>

#include "../settings.hpp"
#include "core/result.hpp"

namespace squashrun::mkappimage {

struct PythonInstall {
    std::string executable;    // the interpreter file itself (links resolved)
    std::string version;       // "3.11"
    std::string full_version;  // "3.11.2"
    std::string tag;           // python-appimage's python-tag, e.g. "cp311-cp311"
    std::string linux_tag;     // e.g. "manylinux_2_36_x86_64", from the build host's glibc
    std::string architecture;  // e.g. "x86_64"
    std::string stdlib;        // the standard library directory (links resolved)
    // The interpreter's own site directory relative to its prefix, e.g.
    // "local/lib/python3.11/dist-packages" (Debian) or "lib/python3.11/site-packages".
    std::string site;
    bool has_pip = false;
};

// Runs `interpreter` (a path) and reads its answers. Errors read "<interpreter>: ...".
core::Result<PythonInstall> probe_python(const std::string& interpreter, const Settings& settings);

}  // namespace squashrun::mkappimage
