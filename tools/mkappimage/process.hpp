// Running the external programs mkappimage drives (mksquashfs, desktop-file-validate,
// zsyncmake) and reading their output.
#pragma once

#include <string>
#include <vector>

namespace squashrun::mkappimage {

struct ProgramResult {
    int exit_code = -1;  // -1 when it could not start or was killed
    std::string output;  // stdout and stderr together
};

// Runs argv[0] (a path) with environment `env` (NAME=value entries), its output captured;
// stdin is /dev/null; in `cwd` when given.
ProgramResult run_program(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                          const std::string& cwd = "");

// The last non-empty line of `text`, trimmed.
std::string last_line(const std::string& text);

// The first line of `text` containing `needle` (or the first non-empty line), trimmed.
std::string first_line_with(const std::string& text, const std::string& needle);

}  // namespace squashrun::mkappimage
