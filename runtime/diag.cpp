// One-line diagnostics on stderr.
#include "runtime/diag.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "os/fd_io.hpp"

namespace squashrun::runtime {
namespace {
// The process's diagnostics settings: written once by runtime_main, before any thread.
struct Diagnostics {
    std::string name = "squashrun";
    bool debug = false;
};
Diagnostics& diagnostics() {
    static Diagnostics state;
    return state;
}
}  // namespace

void configure_diagnostics(const std::string& program_name, bool debug) {
    diagnostics() = Diagnostics{program_name, debug};
}

const std::string& program_name() {
    return diagnostics().name;
}

void print_error(const std::string& message) {
    (void)os::write_all(STDERR_FILENO, program_name() + ": " + message + "\n");
}

void print_debug(const std::string& message) {
    if (diagnostics().debug) print_error("debug: " + message);
}

std::string errno_text() {
    return std::strerror(errno);
}

}  // namespace squashrun::runtime
