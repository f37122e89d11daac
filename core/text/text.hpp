// Small text helpers shared by the line-based parsers (desktop files, apprun.conf, hooks)
// and the records that spell bytes in hexadecimal.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace squashrun::core {

// Without leading spaces and tabs, and trailing spaces, tabs and carriage returns.
std::string_view trim(std::string_view s);

// Removes the first line from `text` and returns it trimmed (without its newline).
std::string_view take_line(std::string_view& text);

// The non-empty pieces of `text` between `separator`s.
std::vector<std::string> split_nonempty(std::string_view text, char separator);

// `dir/name` for each non-empty entry of a ':'-separated list of directories, in order (an
// empty entry would mean the working directory, which a launcher must not search).
std::vector<std::string> search_candidates(std::string_view dirs, std::string_view name);

// Each byte of `bytes` as two lowercase hexadecimal digits.
std::string hex_of(std::string_view bytes);

// The bytes `digits` stands for (pairs of lowercase hexadecimal digits); nullopt when it is
// anything else.
std::optional<std::string> bytes_of_hex(std::string_view digits);

}  // namespace squashrun::core
