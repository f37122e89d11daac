// os::run with mkappimage's conventions; scanning tool output for the line that matters.
#include "process.hpp"

#include "interrupt.hpp"
#include "os/spawn.hpp"

namespace squashrun::mkappimage {

ProgramResult run_program(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                          const std::string& cwd) {
    os::ProcessSpec spec;
    spec.argv = argv;
    spec.env = env;
    spec.cwd = cwd;
    spec.in = os::Stdio::null();
    spec.out = os::Stdio::capture();
    spec.err = os::Stdio::capture();
    // A session of its own: its process group can be stopped at once, and with no terminal a
    // tool that would prompt on /dev/tty fails instead of stopping in the background.
    spec.own_session = true;
    spec.signals = os::ChildSignals::unblocked;  // not the interrupts StopOnInterrupt holds back
    StopOnInterrupt stop;
    auto ran = os::run(spec, [&stop](pid_t child) { stop.started(child); });
    if (!ran) return ProgramResult{-1, ran.message()};
    return ProgramResult{ran->status.exit_code(), std::move(ran->output)};
}

std::string last_line(const std::string& text) {
    size_t end = text.find_last_not_of(" \r\n");
    if (end == std::string::npos) return "";
    size_t start = text.rfind('\n', end);
    return text.substr(start == std::string::npos ? 0 : start + 1,
                       end + 1 - (start == std::string::npos ? 0 : start + 1));
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
