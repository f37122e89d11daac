// ldd's report on an ELF file: the shared libraries it loads, the dynamic loader, and the
// ones it cannot find, for bundling a program with what it needs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace squashrun::core {

struct SharedLibraries {
    std::vector<std::string> paths;    // absolute paths of the libraries, in order
    std::string loader;                // the dynamic loader's path, "" when none was listed
    std::vector<std::string> missing;  // sonames ldd reports "not found"
};

// Reads ldd's output lines: "\tNAME => /PATH (0x...)" (a library), "\t/PATH (0x...)" (the
// loader), "\tNAME => not found"; the kernel's vDSO and "statically linked" give nothing.
SharedLibraries parse_ldd_output(std::string_view output);

}  // namespace squashrun::core
