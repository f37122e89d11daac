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
//   PYTHON [flags] (-m MODULE | SCRIPT | -c ENTRY-POINT-CODE COMMAND) ARGS...
// and with a loader
//   LOADER [--library-path PATH] --argv0 ARGV0 TARGET ...
// The user's arguments replace the "${@}" arg, or follow the other arguments; they are
// never split or changed. An entry point sees `command` (the name it was started by) as
// sys.argv[0], as a console script would see its own name, and its return value is the exit
// status.
ExecPlan plan_exec(const ProgramSpec& spec, const std::vector<std::string>& user_args,
                   const std::string& command = "");

// The Python code that runs entry point `value` (package.module:function, checked by the
// configuration parser).
std::string entry_point_code(const std::string& value);

}  // namespace squashrun::core
