// Desktop Entry output: value escaping and serialisation that reads back as written.
#include "core/desktop/write.hpp"

#include <algorithm>

namespace squashrun::core {
namespace {

bool is_control(char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
}

bool is_valid_group_name(std::string_view name) {
    return !name.empty() && std::none_of(name.begin(), name.end(), [](char c) {
        return c == '[' || c == ']' || is_control(c);
    });
}

// A raw value as one line: the only characters that could end it become escapes.
// A raw "\" before a line break is an unknown escape, which a reader keeps as a backslash;
// once the break is written as "\n" or "\r", that backslash is doubled so that it still reads
// as one (a fuzzing finding: "\" + CR read back as "\r").
void append_raw_value(std::string& out, std::string_view raw) {
    size_t backslashes = 0;  // in a row, just before this character
    for (char c : raw) {
        if (c == '\n' || c == '\r') {
            if (backslashes % 2 == 1) out += '\\';
            out += c == '\n' ? "\\n" : "\\r";
        } else {
            out += c;
        }
        backslashes = c == '\\' ? backslashes + 1 : 0;
    }
}

}  // namespace

std::string escape_desktop_value(std::string_view value) {
    size_t first = value.find_first_not_of(' ');
    size_t last = value.find_last_not_of(' ');
    std::string out;
    out.reserve(value.size());
    for (size_t i = 0; i < value.size(); ++i) {
        switch (value[i]) {
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            case ' ':
                out += (first == std::string_view::npos || i < first || i > last) ? "\\s" : " ";
                break;
            default:
                out += value[i];
        }
    }
    return out;
}

void set_desktop_value(DesktopGroup& group, std::string_view key, std::string_view value) {
    std::string raw = escape_desktop_value(value);
    for (auto& [k, v] : group.entries) {
        if (k == key) {
            v = std::move(raw);
            return;
        }
    }
    group.entries.emplace_back(std::string(key), std::move(raw));
}

Result<std::string> write_desktop_file(const DesktopFile& file) {
    std::string out;
    for (const DesktopGroup& group : file.groups) {
        if (!is_valid_group_name(group.name)) {
            return make_error("invalid group name [" + escape_desktop_value(group.name) + "]");
        }
        if (!out.empty()) out += '\n';
        out.append("[").append(group.name).append("]\n");
        for (const auto& [key, raw] : group.entries) {
            if (!is_valid_desktop_key(key)) {
                return make_error("invalid key '" + escape_desktop_value(key) + "' in [" +
                                  group.name + "]");
            }
            out.append(key).append("=");
            append_raw_value(out, raw);
            out += '\n';
        }
    }
    return out;
}

}  // namespace squashrun::core
