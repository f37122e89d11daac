// The command line of `mkappimage python`: its own options, and the plain build's.
#pragma once

#include <string>
#include <vector>

#include "../options.hpp"
#include "core/result.hpp"

namespace squashrun::mkappimage {

struct PythonOptions {
    // --python PATH: the interpreter to bundle (default /usr/bin/python3), or the prefix of a
    // relocatable installation (a directory with bin/python3).
    std::string python;
    std::string base_image;               // --base-image FILE: a Python AppImage to build on
    std::vector<std::string> extra_data;  // -x, --extra-data PATH: copied under $APPDIR
    std::vector<std::string> pip_args;    // --pip-arg ARG, --find-links DIR, --no-index
    std::vector<std::string> keep;        // --with NAME: a standard library part kept
    std::string desktop;                  // --desktop FILE: for a plain project
    std::string icon;                     // --icon FILE: for a plain project
    std::string apprun;                   // --apprun FILE: the AppRun to use
    Options build;                        // the plain build's options; build.appdir is the RECIPE
};

// Parses `mkappimage python ...` (argv[0] is "python"); errors are usage errors.
core::Result<PythonOptions> parse_python_options(int argc, char** argv);

std::string python_usage_text();

}  // namespace squashrun::mkappimage
