// A small scanner over "$$" and "${NAME}".
#include "core/apprun/expand.hpp"

namespace squashrun::core {
namespace {

bool known(std::string_view name) {
    return name == "APPDIR" || name == "APPIMAGE" || name == "ARGV0" || name == "OWD" ||
           (name.starts_with("HOST_") && name.size() > 5);
}

}  // namespace

Status check_expansions(std::string_view value, bool allow_user_args) {
    if (value == "${@}") {
        if (allow_user_args) return {};
        return make_error("${@} (the user's arguments) is only allowed as a whole arg value");
    }
    for (size_t i = 0; i < value.size(); ++i) {
        if (value[i] != '$' || i + 1 == value.size()) continue;
        if (value[i + 1] == '$') {
            ++i;
            continue;
        }
        if (value[i + 1] != '{') continue;
        size_t close = value.find('}', i + 2);
        if (close == std::string_view::npos)
            return make_error("unclosed ${ in '" + std::string(value) + "'");
        std::string_view name = value.substr(i + 2, close - i - 2);
        if (name == "@") return make_error("${@} must be a whole arg value, alone");
        if (!known(name)) {
            return make_error("unknown variable ${" + std::string(name) +
                              "} (use APPDIR, APPIMAGE, ARGV0, OWD or HOST_<NAME>)");
        }
        i = close;
    }
    return {};
}

std::string expand(std::string_view value, const ExpandContext& context) {
    std::string out;
    for (size_t i = 0; i < value.size(); ++i) {
        if (value[i] != '$' || i + 1 == value.size()) {
            out += value[i];
            continue;
        }
        if (value[i + 1] == '$') {
            out += '$';
            ++i;
            continue;
        }
        size_t close = value[i + 1] == '{' ? value.find('}', i + 2) : std::string_view::npos;
        if (close == std::string_view::npos) {
            out += value[i];
            continue;
        }
        std::string_view name = value.substr(i + 2, close - i - 2);
        if (name == "APPDIR") {
            out += context.appdir;
        } else if (name == "APPIMAGE") {
            out += context.appimage;
        } else if (name == "ARGV0") {
            out += context.argv0;
        } else if (name == "OWD") {
            out += context.owd;
        } else if (name.starts_with("HOST_") && context.host) {
            out += context.host(name.substr(5)).value_or("");
        }
        i = close;
    }
    return out;
}

}  // namespace squashrun::core
