// mountinfo(5) parsing: fields before and after the " - " separator.
#include "core/format/mountinfo.hpp"

namespace squashrun::core {
namespace {

std::string unescape(std::string_view field) {
    std::string out;
    out.reserve(field.size());
    for (size_t i = 0; i < field.size(); ++i) {
        auto octal = [&](size_t k) { return field[k] >= '0' && field[k] <= '7'; };
        if (field[i] == '\\' && i + 3 < field.size() && octal(i + 1) && octal(i + 2) &&
            octal(i + 3)) {
            out.push_back(static_cast<char>((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 +
                                            (field[i + 3] - '0')));
            i += 3;
            continue;
        }
        out.push_back(field[i]);
    }
    return out;
}

std::vector<std::string_view> split_spaces(std::string_view line) {
    std::vector<std::string_view> fields;
    size_t pos = 0;
    while (pos < line.size()) {
        size_t end = line.find(' ', pos);
        if (end == std::string_view::npos) end = line.size();
        if (end > pos) fields.push_back(line.substr(pos, end - pos));
        pos = end + 1;
    }
    return fields;
}

}  // namespace

std::vector<MountEntry> parse_mountinfo(std::string_view text) {
    std::vector<MountEntry> entries;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        auto fields = split_spaces(text.substr(pos, end - pos));
        pos = end + 1;
        size_t dash = 0;
        for (size_t i = 6; i < fields.size(); ++i) {
            if (fields[i] == "-") {
                dash = i;
                break;
            }
        }
        if (dash == 0 || dash + 2 >= fields.size()) continue;
        MountEntry entry;
        entry.mount_point = unescape(fields[4]);
        entry.fs_type = unescape(fields[dash + 1]);
        entry.source = unescape(fields[dash + 2]);
        if (dash + 3 < fields.size()) entry.super_options = std::string(fields[dash + 3]);
        entries.push_back(std::move(entry));
    }
    return entries;
}

}  // namespace squashrun::core
