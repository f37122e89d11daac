// Writing Exec= command lines (Desktop Entry Specification, "The Exec key"): the inverse of
// core::exec_command_line, for entries that start a program whose path may hold any character.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace squashrun::core {

// `argument` as one word of an Exec= value: every % doubled, and, when it is empty or holds a
// reserved character (space, tab, newline, " ' \ > < ~ | & ; $ * ? # ( ) `, or any other
// control character), in double quotes with " ` $ \ escaped by a backslash. The Exec= value
// is then a string value too: set it with set_desktop_value, which escapes it once more.
std::string quote_exec_argument(std::string_view argument);

// The arguments, each quoted, joined by single spaces.
std::string quote_exec_command(const std::vector<std::string>& arguments);

// `exec` (an unescaped Exec= value) with its first word, the program, replaced by the words
// of `command` (each quoted); the other words, field codes included, are kept as written.
// Fails, as the parser would, on a value that does not split or has no words.
Result<std::string> replace_exec_program(std::string_view exec,
                                         const std::vector<std::string>& command);

}  // namespace squashrun::core
