// A python-appimage entrypoint.sh, once templated, read as the Python command it runs, so
// that AppRun can start it without a shell: the common forms
//   [exec] ${APPDIR}/usr/bin/pythonX.Y [FLAGS] -m MODULE [ARGS] "$@"
//   [exec] ${APPDIR}/usr/bin/pythonX.Y [FLAGS] ${APPDIR}/SCRIPT [ARGS] "$@"
// Anything else (other commands, variables, redirections, several lines) needs a shell.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace squashrun::core {

struct PythonCommand {
    std::vector<std::string> flags;     // "-I", "-E", "-s", each once, in the order given
    std::optional<std::string> module;  // -m MODULE
    std::optional<std::string> script;  // a path starting with ${APPDIR}/
    // package.module:function ([project.scripts]); never from an entrypoint.sh
    std::optional<std::string> entry_point;
    std::vector<std::string> args;  // literal arguments before "$@"
};

// The command `script` runs, when it is one of the forms above with `python` (the
// templated python-executable, e.g. "${APPDIR}/usr/bin/python3.11") as the program; nullopt
// when it needs a shell. Comment lines, blank lines and a first "#!" line are allowed;
// $APPDIR may be written with or without braces, and words may be quoted.
std::optional<PythonCommand> parse_entrypoint(std::string_view script, std::string_view python);

}  // namespace squashrun::core
