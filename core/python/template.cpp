// One pass over the text, matching python-appimage's pattern [{][{][ ]*([^{} ]+)[ ]*[}][}].
#include "core/python/template.hpp"

#include <algorithm>

namespace squashrun::core {
namespace {

// The length of the placeholder at `text` (which starts with "{{") and its name; 0 when
// the text there is no placeholder.
size_t match_placeholder(std::string_view text, std::string_view& name) {
    size_t i = 2;
    while (i < text.size() && text[i] == ' ')
        ++i;
    size_t start = i;
    while (i < text.size() && text[i] != '{' && text[i] != '}' && text[i] != ' ')
        ++i;
    if (i == start) return 0;
    name = text.substr(start, i - start);
    while (i < text.size() && text[i] == ' ')
        ++i;
    if (text.substr(i, 2) != "}}") return 0;
    return i + 2;
}

}  // namespace

Result<std::string> render_template(std::string_view text, const TemplateValues& values) {
    std::string out;
    out.reserve(text.size());
    size_t pos = 0;
    while (pos < text.size()) {
        size_t open = text.find("{{", pos);
        if (open == std::string_view::npos) break;
        std::string_view name;
        size_t length = match_placeholder(text.substr(open), name);
        if (length == 0) {
            out.append(text.substr(pos, open + 1 - pos));
            pos = open + 1;
            continue;
        }
        auto value = values.find(name);
        if (value == values.end()) {
            auto line =
                std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(open), '\n') +
                1;
            return make_error("line " + std::to_string(line) + ": unknown template variable {{ " +
                              std::string(name) + " }}");
        }
        out.append(text.substr(pos, open - pos)).append(value->second);
        pos = open + length;
    }
    out.append(text.substr(pos));
    return out;
}

}  // namespace squashrun::core
