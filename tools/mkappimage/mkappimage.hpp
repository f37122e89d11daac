// mkappimage: AppDir in, AppImage out.
#pragma once

#include <string>

#include "options.hpp"
#include "settings.hpp"

namespace squashrun::mkappimage {

// Exit statuses: 0 written.
inline constexpr int kExitFailure = 1;  // invalid input or a failed build
inline constexpr int kExitUsage = 2;    // bad usage

// Prints "mkappimage: <message>" as one line on stderr.
void say(const std::string& message);

// Checks the AppDir of `options` and writes the AppImage; returns the exit status.
int build_appimage(const Options& options, const Settings& settings);

// The whole program; returns the exit status (0 written, 1 failure, 2 usage).
int mkappimage_main(int argc, char** argv);

}  // namespace squashrun::mkappimage
