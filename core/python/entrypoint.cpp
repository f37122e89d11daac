// A small, strict reading of shell words: anything a shell would expand, other than $APPDIR
// and "$@", means the entry point needs a shell.
#include "core/python/entrypoint.hpp"

#include <algorithm>

#include "core/text/text.hpp"

namespace squashrun::core {
namespace {

constexpr std::string_view kUserArgsWord = "\x01@";  // "$@" as a whole word
constexpr std::string_view kShellSpecial = "\\`*?[~;&|<>(){}!";

// Control characters are no part of the forms read here (and "$@" is marked by one).
bool is_control(char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
}

bool is_name_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// The length of "${APPDIR}" or "$APPDIR" at the start of `text`, else 0.
size_t appdir_reference(std::string_view text) {
    if (text.starts_with("${APPDIR}")) return 9;
    if (text.starts_with("$APPDIR") && (text.size() == 7 || !is_name_char(text[7]))) return 7;
    return 0;
}

// The words of one command line with quotes resolved and $APPDIR/${APPDIR} written as
// ${APPDIR}; nullopt for anything a shell would treat specially.
std::optional<std::vector<std::string>> shell_words(std::string_view line) {
    std::vector<std::string> words;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        if (i == line.size() || line[i] == '#') break;  // the rest is a comment
        std::string word;
        bool only_user_args = false;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') {
            char c = line[i];
            if (c == '\'') {
                size_t close = line.find('\'', i + 1);
                if (close == std::string_view::npos) return std::nullopt;
                std::string_view quoted_text = line.substr(i + 1, close - i - 1);
                if (std::any_of(quoted_text.begin(), quoted_text.end(), is_control))
                    return std::nullopt;
                word.append(quoted_text);
                i = close + 1;
                continue;
            }
            bool quoted = c == '"';
            size_t end = quoted ? line.find('"', i + 1) : line.find_first_of(" \t'\"", i);
            if (end == std::string_view::npos) {
                if (quoted) return std::nullopt;
                end = line.size();
            }
            std::string_view part =
                quoted ? line.substr(i + 1, end - i - 1) : line.substr(i, end - i);
            i = quoted ? end + 1 : end;
            if (quoted && part == "$@" && word.empty() &&
                (i == line.size() || line[i] == ' ' || line[i] == '\t')) {
                only_user_args = true;
                break;
            }
            for (size_t j = 0; j < part.size();) {
                if (part[j] == '$') {
                    size_t length = appdir_reference(part.substr(j));
                    if (length == 0) return std::nullopt;
                    word += "${APPDIR}";
                    j += length;
                    continue;
                }
                bool special = is_control(part[j]) ||
                               (quoted ? part[j] == '\\' || part[j] == '`'
                                       : kShellSpecial.find(part[j]) != std::string_view::npos);
                if (special) return std::nullopt;
                word += part[j++];
            }
        }
        words.push_back(only_user_args ? std::string(kUserArgsWord) : word);
    }
    return words;
}

bool is_flag_group(const std::string& word) {
    return word.size() > 1 && word[0] == '-' &&
           std::all_of(word.begin() + 1, word.end(),
                       [](char c) { return c == 'I' || c == 'E' || c == 's'; });
}

}  // namespace

std::optional<PythonCommand> parse_entrypoint(std::string_view script, std::string_view python) {
    std::optional<std::string_view> command;
    bool first = true;
    while (!script.empty()) {
        std::string_view line = take_line(script);
        bool shebang = first && line.starts_with("#!");
        first = false;
        if (line.empty() || line.starts_with('#') || shebang) continue;
        if (command) return std::nullopt;  // a second command
        command = line;
    }
    if (!command) return std::nullopt;
    auto words = shell_words(*command);
    if (!words || words->empty()) return std::nullopt;
    auto word = words->begin();
    if (*word == "exec") ++word;
    if (word == words->end() || *word != python) return std::nullopt;
    ++word;
    PythonCommand out;
    for (; word != words->end() && is_flag_group(*word); ++word) {
        for (char c : word->substr(1)) {
            std::string flag = {'-', c};
            if (std::find(out.flags.begin(), out.flags.end(), flag) == out.flags.end())
                out.flags.push_back(flag);
        }
    }
    if (word == words->end()) return std::nullopt;
    if (*word == "-m") {
        if (++word == words->end() || word->empty() || word->starts_with('-')) return std::nullopt;
        out.module = *word++;
    } else if (word->starts_with("${APPDIR}/")) {
        out.script = *word++;
    } else {
        return std::nullopt;
    }
    // Literal arguments, then "$@" last.
    if (word == words->end() || words->back() != kUserArgsWord) return std::nullopt;
    for (; word + 1 != words->end(); ++word) {
        if (*word == kUserArgsWord) return std::nullopt;
        out.args.push_back(*word);
    }
    return out;
}

}  // namespace squashrun::core
