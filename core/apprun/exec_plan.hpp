// The exec of the launcher: program or interpreter, loader, flags, arguments in order.
#pragma once

#include <string>
#include <vector>

#include "core/apprun/config.hpp"

namespace squashrun::core {

struct ExecPlan {
    std::string path;               // what execv runs
    std::vector<std::string> argv;  // argv[0] included
};

// From a ProgramSpec whose values are expanded. Python mode gives
//   PYTHON [flags] (-m MODULE | SCRIPT) ARGS...
// and with a loader
//   LOADER [--library-path PATH] --argv0 ARGV0 TARGET ...
// The user's arguments replace the "${@}" arg, or follow the other arguments; they are
// never split or changed.
ExecPlan plan_exec(const ProgramSpec& spec, const std::vector<std::string>& user_args);

}  // namespace squashrun::core
