// One-line diagnostics on stderr.
#include "runtime/diag.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "os/fd_io.hpp"

namespace squashrun::runtime {
namespace {
std::string& name_storage() {
    static std::string name = "squashrun";
    return name;
}
}  // namespace

void set_program_name(const char* argv0) {
    if (argv0 == nullptr || *argv0 == '\0') return;
    const char* slash = std::strrchr(argv0, '/');
    name_storage() = slash != nullptr ? slash + 1 : argv0;
}

const std::string& program_name() {
    return name_storage();
}

void print_error(const std::string& message) {
    (void)os::write_all(STDERR_FILENO, program_name() + ": " + message + "\n");
}

bool env_flag(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' && std::strcmp(value, "0") != 0;
}

void print_debug(const std::string& message) {
    if (env_flag("SQUASHRUN_DEBUG")) print_error("debug: " + message);
}

std::string errno_text() {
    return std::strerror(errno);
}

}  // namespace squashrun::runtime
