// Diagnostics: one line on stderr, prefixed with the program's name, and the exit codes.
#pragma once

#include <string>

namespace squashrun::runtime {

inline constexpr int kExitLauncherFailure = 127;
// --appimage-verify: the file is not signed, or its signature does not hold.
inline constexpr int kExitNotVerified = 1;
inline constexpr int kExitUsage = 2;

// Set once at the top from the settings: the name messages are prefixed with (the basename
// of argv[0]) and whether debug messages are printed.
void configure_diagnostics(const std::string& program_name, bool debug);
const std::string& program_name();

// Prints "<program>: <message>\n" to stderr in one write.
void print_error(const std::string& message);

// With SQUASHRUN_DEBUG set (not empty, not "0"), prints "<program>: debug: <message>".
void print_debug(const std::string& message);

// strerror(errno) as a string, for messages.
std::string errno_text();

}  // namespace squashrun::runtime
