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

// One word of an Exec= value, its quotes and escapes resolved; field codes are left as written.
struct ExecWord {
    std::string text;
    bool quoted = false;
    size_t end = 0;  // offset in the value just past the word (and its closing quote)
};

// The words of `exec` (a value already unescaped as a desktop string): separated by spaces or
// tabs, or "quoted" with \" \` \$ \\ escapes. Fails on an unclosed quote, a quote inside a
// word, or text right after a closing quote.
Result<std::vector<ExecWord>> split_exec_words(std::string_view exec);

// Splits `exec` (a value already unescaped as a desktop string) into arguments. %f %F %u %U
// are replaced by all the user's arguments, each kept whole; without any of them the user's
// arguments follow the command. %% is "%"; deprecated codes are dropped; others are errors.
Result<std::vector<std::string>> exec_command_line(std::string_view exec,
                                                   const std::vector<std::string>& user_args,
                                                   const ExecFields& fields);

}  // namespace squashrun::core
