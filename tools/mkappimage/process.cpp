// os::run with mkappimage's conventions; scanning tool output for the line that matters.
#include "process.hpp"

#include "os/spawn.hpp"

namespace squashrun::mkappimage {

ProgramResult run_program(const std::vector<std::string>& argv,
                          const std::vector<std::string>& env) {
    os::ProcessSpec spec;
    spec.argv = argv;
    spec.env = env;
    spec.in = os::Stdio::null();
    spec.out = os::Stdio::capture();
    spec.err = os::Stdio::capture();
    auto ran = os::run(spec);
    if (!ran) return ProgramResult{-1, ran.message()};
    return ProgramResult{ran->status.exit_code(), std::move(ran->output)};
}

std::string first_line_with(const std::string& text, const std::string& needle) {
    std::string fallback;
    for (size_t start = 0; start < text.size();) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        start = end + 1;
        while (!line.empty() && (line.back() == ' ' || line.back() == '\r'))
            line.pop_back();
        if (line.empty()) continue;
        if (line.find(needle) != std::string::npos) return line;
        if (fallback.empty()) fallback = line;
    }
    return fallback;
}

}  // namespace squashrun::mkappimage
