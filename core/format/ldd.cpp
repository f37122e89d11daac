// ldd's line formats, from glibc's ldd (the loader run with LD_TRACE_LOADED_OBJECTS).
#include "core/format/ldd.hpp"

#include "core/text/text.hpp"

namespace squashrun::core {

SharedLibraries parse_ldd_output(std::string_view output) {
    SharedLibraries out;
    while (!output.empty()) {
        std::string_view line = take_line(output);
        if (line.empty()) continue;
        size_t arrow = line.find(" => ");
        if (arrow == std::string_view::npos) {
            // "/lib64/ld-linux-x86-64.so.2 (0x...)": the loader; "linux-vdso.so.1 (0x...)": none.
            std::string_view path = line.substr(0, line.find(' '));
            if (path.starts_with('/')) out.loader = std::string(path);
            continue;
        }
        std::string_view target = trim(line.substr(arrow + 4));
        if (target.starts_with("not found")) {
            out.missing.emplace_back(trim(line.substr(0, arrow)));
            continue;
        }
        std::string_view path = target.substr(0, target.find(" ("));
        if (path.starts_with('/')) out.paths.emplace_back(path);
    }
    return out;
}

}  // namespace squashrun::core
