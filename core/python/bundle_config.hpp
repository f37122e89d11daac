// The apprun.conf of a bundled Python app: the interpreter started through the bundled
// loader, the recipe's entry point (as a Python command, or a script run by the host's bash),
// and the interpreter again under its own names, so that sys.executable can be run again.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/python/entrypoint.hpp"

namespace squashrun::core {

struct PythonBundle {
    std::string interpreter;            // e.g. "${APPDIR}/usr/libexec/python3.11", the real program
    std::string executable;             // e.g. "${APPDIR}/usr/bin/python3.11": sys.executable
    std::vector<std::string> names;     // the interpreter's commands, e.g. "python3", "python3.11"
    std::optional<std::string> loader;  // the bundled dynamic loader
    std::optional<std::string> library_path;  // its --library-path
};

// What the app runs: a Python command, or a shell script run by /bin/bash.
struct BundleEntry {
    std::optional<PythonCommand> python;
    std::string shell_script;  // e.g. "${APPDIR}/entrypoint.sh", when `python` is empty
};

// The text of apprun.conf. The interpreter's own commands get the entry's isolation flags.
std::string python_apprun_config(const PythonBundle& bundle, const BundleEntry& entry);

}  // namespace squashrun::core
