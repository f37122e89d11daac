// Exec= splitting: words, "quoted words" with \" \` \$ \\ escapes, then field codes.
#include "core/apprun/desktop_exec.hpp"

namespace squashrun::core {

Result<std::vector<ExecWord>> split_exec_words(std::string_view exec) {
    std::vector<ExecWord> words;
    size_t i = 0;
    while (i < exec.size()) {
        if (exec[i] == ' ' || exec[i] == '\t') {
            ++i;
            continue;
        }
        ExecWord word;
        if (exec[i] == '"') {
            word.quoted = true;
            ++i;
            bool closed = false;
            while (i < exec.size()) {
                char c = exec[i++];
                if (c == '"') {
                    closed = true;
                    break;
                }
                if (c == '\\' && i < exec.size() &&
                    (exec[i] == '"' || exec[i] == '`' || exec[i] == '$' || exec[i] == '\\')) {
                    c = exec[i++];
                }
                word.text += c;
            }
            if (!closed) return make_error("Exec has an unclosed quote");
            if (i < exec.size() && exec[i] != ' ' && exec[i] != '\t') {
                return make_error("Exec has text right after a closing quote");
            }
        } else {
            while (i < exec.size() && exec[i] != ' ' && exec[i] != '\t') {
                if (exec[i] == '"') return make_error("Exec has a quote inside a word");
                word.text += exec[i++];
            }
        }
        word.end = i;
        words.push_back(std::move(word));
    }
    return words;
}

Result<std::vector<std::string>> exec_command_line(std::string_view exec,
                                                   const std::vector<std::string>& user_args,
                                                   const ExecFields& fields) {
    auto words = split_exec_words(exec);
    if (!words) return words.error();
    if (words->empty()) return make_error("Exec is empty");
    std::vector<std::string> argv;
    bool placed_user_args = false;
    for (const ExecWord& word : *words) {
        if (!word.quoted &&
            (word.text == "%f" || word.text == "%F" || word.text == "%u" || word.text == "%U")) {
            argv.insert(argv.end(), user_args.begin(), user_args.end());
            placed_user_args = true;
            continue;
        }
        if (!word.quoted && word.text == "%i") {
            if (!fields.icon.empty()) argv.insert(argv.end(), {"--icon", fields.icon});
            continue;
        }
        std::string out;
        bool dropped = false;
        for (size_t i = 0; i < word.text.size(); ++i) {
            if (word.text[i] != '%' || i + 1 == word.text.size()) {
                out += word.text[i];
                continue;
            }
            char code = word.text[++i];
            switch (code) {
                case '%':
                    out += '%';
                    break;
                case 'c':
                    out += fields.name;
                    break;
                case 'k':
                    out += fields.desktop_file;
                    break;
                case 'd':
                case 'D':
                case 'n':
                case 'N':
                case 'v':
                case 'm':
                    dropped = true;
                    break;
                case 'f':
                case 'F':
                case 'u':
                case 'U':
                case 'i':
                    return make_error(std::string("Exec field code %") + code +
                                      " must stand alone as an argument");
                default:
                    return make_error(std::string("Exec has an unknown field code %") + code);
            }
        }
        if (!(dropped && out.empty())) argv.push_back(out);
    }
    if (!placed_user_args) argv.insert(argv.end(), user_args.begin(), user_args.end());
    return argv;
}

}  // namespace squashrun::core
