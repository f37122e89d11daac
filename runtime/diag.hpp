// Diagnostics: one line on stderr, prefixed with the program's name, and the exit codes.
#pragma once

#include <string>

namespace squashrun::runtime {

inline constexpr int kExitLauncherFailure = 127;
inline constexpr int kExitUsage = 2;

// Remembers the name to prefix messages with (the basename of argv[0]).
void set_program_name(const char* argv0);
const std::string& program_name();

// Prints "<program>: <message>\n" to stderr in one write.
void print_error(const std::string& message);

// strerror(errno) as a string, for messages.
std::string errno_text();

}  // namespace squashrun::runtime
