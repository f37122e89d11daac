// Desktop Entry files (XDG Desktop Entry Specification 1.5): groups of key=value lines.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace squashrun::core {

struct DesktopGroup {
    std::string name;                                          // e.g. "Desktop Entry"
    std::vector<std::pair<std::string, std::string>> entries;  // key (with [locale]), raw value

    // The unescaped value of `key` in this group, if present.
    std::optional<std::string> value(std::string_view key) const;
};

struct DesktopFile {
    std::vector<DesktopGroup> groups;

    const DesktopGroup* group(std::string_view name) const;
    // The unescaped value of `key` in the [Desktop Entry] group, if present.
    std::optional<std::string> entry(std::string_view key) const;
};

// Parses the text of a desktop file. Errors name the line ("line 3: ..."): keys outside a
// group, malformed headers or keys, duplicate groups or keys, a first group other than
// [Desktop Entry].
Result<DesktopFile> parse_desktop_file(std::string_view text);

// Key is [A-Za-z0-9-]+, optionally followed by [locale] (lang_COUNTRY.ENCODING@MODIFIER).
bool is_valid_desktop_key(std::string_view key);

// Resolves the escapes of string values: \s \n \t \r \\ (others are kept as written).
std::string unescape_desktop_value(std::string_view raw);

}  // namespace squashrun::core
