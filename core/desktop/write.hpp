// Writing Desktop Entry files: escaping string values, setting entries, and the text of a
// whole file, written so that no value can add a line or a key.
#pragma once

#include <string>
#include <string_view>

#include "core/desktop/entry.hpp"
#include "core/result.hpp"

namespace squashrun::core {

// The raw form of a string value: \ as \\, newline as \n, tab as \t, carriage return as \r,
// and spaces at either end as \s (a reader trims them). unescape_desktop_value reverses it.
std::string escape_desktop_value(std::string_view value);

// Sets `key` in `group` to `value` (unescaped; it is stored escaped), in place when the key
// is there, else as a new last entry.
void set_desktop_value(DesktopGroup& group, std::string_view key, std::string_view value);

// The text of `file`: each group's header and its "key=value" lines in order, a blank line
// between groups. A line break inside a raw value is written as \n or \r. Fails, naming the
// group or key, for a group name with [ ] or control characters or an invalid key, since
// those would not read back as written.
Result<std::string> write_desktop_file(const DesktopFile& file);

}  // namespace squashrun::core
