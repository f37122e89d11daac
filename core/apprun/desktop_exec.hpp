// The Exec= key of a desktop file as a command line (Desktop Entry Specification, "The Exec
// key"): quoting and field codes, for AppRun's fallback when there is no apprun.conf.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace squashrun::core {

struct ExecFields {
    std::string name;          // %c
    std::string icon;          // %i gives "--icon ICON" when not empty
    std::string desktop_file;  // %k
};

// Splits `exec` (a value already unescaped as a desktop string) into arguments. %f %F %u %U
// are replaced by all the user's arguments, each kept whole; without any of them the user's
// arguments follow the command. %% is "%"; deprecated codes are dropped; others are errors.
Result<std::vector<std::string>> exec_command_line(std::string_view exec,
                                                   const std::vector<std::string>& user_args,
                                                   const ExecFields& fields);

}  // namespace squashrun::core
