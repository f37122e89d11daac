// Exec= quoting: doubled percent signs, double quotes around words with reserved characters.
#include "core/desktop/exec_quote.hpp"

#include <algorithm>

#include "core/apprun/desktop_exec.hpp"

namespace squashrun::core {
namespace {

constexpr std::string_view kReserved = " \t\n\"'\\><~|&;$*?#()`";

bool needs_quotes(std::string_view argument) {
    return argument.empty() || std::any_of(argument.begin(), argument.end(), [](char c) {
               return kReserved.find(c) != std::string_view::npos ||
                      static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
           });
}

}  // namespace

std::string quote_exec_argument(std::string_view argument) {
    bool quoted = needs_quotes(argument);
    std::string out;
    out.reserve(argument.size() + 2);
    if (quoted) out += '"';
    for (char c : argument) {
        if (c == '%') {
            out += "%%";
            continue;
        }
        if (quoted && (c == '"' || c == '`' || c == '$' || c == '\\')) out += '\\';
        out += c;
    }
    if (quoted) out += '"';
    return out;
}

std::string quote_exec_command(const std::vector<std::string>& arguments) {
    std::string out;
    for (const auto& argument : arguments) {
        if (!out.empty()) out += ' ';
        out += quote_exec_argument(argument);
    }
    return out;
}

Result<std::string> replace_exec_program(std::string_view exec,
                                         const std::vector<std::string>& command) {
    auto words = split_exec_words(exec);
    if (!words) return words.error();
    if (words->empty()) return make_error("Exec is empty");
    return quote_exec_command(command) + std::string(exec.substr(words->front().end));
}

}  // namespace squashrun::core
