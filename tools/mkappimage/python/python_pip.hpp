// The recipe's requirements installed into the bundle's own site directory: pip (with the
// build host's setuptools and wheel, never a download of them) for names, paths and wheels,
// and local+NAME modules copied from the build host's Python. Console scripts pip writes are
// made to run the bundled interpreter.
#pragma once

#include <string>
#include <vector>

#include "../settings.hpp"
#include "core/result.hpp"
#include "python_bundle.hpp"
#include "python_recipe.hpp"

namespace squashrun::mkappimage {

struct PipRequest {
    const Recipe& recipe;
    std::string python;   // the interpreter that runs pip (the build host's, or the bundled one)
    std::string version;  // "3.11"
    std::string appdir;
    BundleLayout layout;
    std::vector<std::string> pip_args;  // passed through
    std::string work;                   // a private directory for copies of local projects
};

// Installs the requirements (and, for a project, the project itself). Returns the names of
// what was installed (distributions and copied modules). Errors are one line: pip's last
// line, or the requirement that failed, naming requirements.txt and its line.
core::Result<std::vector<std::string>> install_requirements(const PipRequest& request,
                                                            const Settings& settings);

}  // namespace squashrun::mkappimage
