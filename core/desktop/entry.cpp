// Line-oriented Desktop Entry parsing with line-numbered errors.
#include "core/desktop/entry.hpp"

#include <algorithm>

#include "core/text/text.hpp"

namespace squashrun::core {
namespace {

constexpr std::string_view kMainGroup = "Desktop Entry";

bool is_key_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

Error line_error(size_t line, const std::string& problem) {
    return make_error("line " + std::to_string(line) + ": " + problem);
}

}  // namespace

bool is_valid_desktop_key(std::string_view key) {
    size_t bracket = key.find('[');
    std::string_view base = key.substr(0, bracket);
    if (base.empty() || !std::all_of(base.begin(), base.end(), is_key_char)) return false;
    if (bracket == std::string_view::npos) return true;
    std::string_view locale = key.substr(bracket + 1);
    if (locale.size() < 2 || locale.back() != ']') return false;
    locale.remove_suffix(1);
    return std::all_of(locale.begin(), locale.end(),
                       [](char c) { return is_key_char(c) || c == '_' || c == '.' || c == '@'; });
}

const DesktopGroup* DesktopFile::group(std::string_view name) const {
    for (const auto& g : groups) {
        if (g.name == name) return &g;
    }
    return nullptr;
}

std::optional<std::string> DesktopGroup::value(std::string_view key) const {
    for (const auto& [k, v] : entries) {
        if (k == key) return unescape_desktop_value(v);
    }
    return std::nullopt;
}

std::optional<std::string> DesktopFile::entry(std::string_view key) const {
    const DesktopGroup* main = group(kMainGroup);
    if (main == nullptr) return std::nullopt;
    return main->value(key);
}

Result<DesktopFile> parse_desktop_file(std::string_view text) {
    DesktopFile file;
    size_t number = 0;
    while (!text.empty()) {
        std::string_view line = take_line(text);
        ++number;
        if (line.empty() || line.front() == '#') continue;
        if (line.front() == '[') {
            if (line.back() != ']' || line.size() < 3)
                return line_error(number, "bad group header");
            std::string name(line.substr(1, line.size() - 2));
            if (name.find_first_of("[]") != std::string::npos) {
                return line_error(number, "bad group header");
            }
            if (file.group(name) != nullptr) {
                return line_error(number, "group [" + name + "] appears twice");
            }
            if (file.groups.empty() && name != kMainGroup) {
                return line_error(number, "the first group must be [Desktop Entry]");
            }
            file.groups.push_back({name, {}});
            continue;
        }
        if (file.groups.empty()) return line_error(number, "entry before any group header");
        size_t equals = line.find('=');
        if (equals == std::string_view::npos) return line_error(number, "not a key=value line");
        std::string key(trim(line.substr(0, equals)));
        if (!is_valid_desktop_key(key)) return line_error(number, "invalid key '" + key + "'");
        auto& entries = file.groups.back().entries;
        if (std::any_of(entries.begin(), entries.end(),
                        [&](const auto& e) { return e.first == key; })) {
            return line_error(number, "key " + key + " appears twice");
        }
        entries.emplace_back(key, std::string(trim(line.substr(equals + 1))));
    }
    if (file.groups.empty()) return make_error("no [Desktop Entry] group");
    return file;
}

std::string unescape_desktop_value(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\' || i + 1 == raw.size()) {
            out += raw[i];
            continue;
        }
        switch (raw[++i]) {
            case 's':
                out += ' ';
                break;
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case '\\':
                out += '\\';
                break;
            default:
                out += '\\';
                out += raw[i];
        }
    }
    return out;
}

}  // namespace squashrun::core
