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

// With SQUASHRUN_DEBUG set (not empty, not "0"), prints "<program>: debug: <message>".
void print_debug(const std::string& message);

// True when environment variable `name` is set to something other than "" or "0".
bool env_flag(const char* name);

// strerror(errno) as a string, for messages.
std::string errno_text();

}  // namespace squashrun::runtime
