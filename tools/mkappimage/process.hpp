// Running the external programs mkappimage drives (mksquashfs, desktop-file-validate,
// zsyncmake) and finding them on PATH.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace squashrun::mkappimage {

struct ProgramResult {
    int exit_code = -1;  // -1 when it could not start or was killed
    std::string output;  // stdout and stderr together
};

// Runs argv[0] (a path) with its output captured; stdin is /dev/null.
ProgramResult run_program(const std::vector<std::string>& argv);

// The first executable `name` in $PATH (or the usual directories when PATH is unset).
std::optional<std::string> find_program(const std::string& name);

// The first line of `text` containing `needle` (or the first non-empty line), trimmed.
std::string first_line_with(const std::string& text, const std::string& needle);

}  // namespace squashrun::mkappimage
