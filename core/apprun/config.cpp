// apprun.conf parsing: sections, keys, environment directives, with line-numbered errors.
#include "core/apprun/config.hpp"

#include <algorithm>
#include <array>

#include "core/apprun/expand.hpp"
#include "core/text/text.hpp"

namespace squashrun::core {
namespace {

Error at(size_t line, const std::string& problem) {
    return make_error("line " + std::to_string(line) + ": " + problem);
}

bool is_env_name(std::string_view name) {
    if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_';
    });
}

std::optional<EnvAction> env_action(std::string_view word) {
    if (word == "set") return EnvAction::set;
    if (word == "default") return EnvAction::set_default;
    if (word == "prepend") return EnvAction::prepend;
    if (word == "append") return EnvAction::append;
    if (word == "unset") return EnvAction::unset;
    return std::nullopt;
}

// "set NAME = value" / "unset NAME" -> an EnvOp, or nullopt when the line is not one.
std::optional<Result<EnvOp>> env_directive(std::string_view line, size_t number) {
    size_t space = line.find_first_of(" \t");
    auto action = env_action(line.substr(0, space));
    if (!action || space == std::string_view::npos) return std::nullopt;
    std::string_view rest = trim(line.substr(space));
    EnvOp op{*action, "", "", number};
    if (*action == EnvAction::unset) {
        op.name = std::string(rest);
    } else {
        size_t equals = rest.find('=');
        if (equals == std::string_view::npos) {
            return Result<EnvOp>(
                at(number, "expected: " + std::string(line.substr(0, space)) + " NAME = VALUE"));
        }
        op.name = std::string(trim(rest.substr(0, equals)));
        op.value = std::string(trim(rest.substr(equals + 1)));
    }
    if (!is_env_name(op.name)) {
        return Result<EnvOp>(at(number, "invalid variable name '" + op.name + "'"));
    }
    if (auto st = check_expansions(op.value, false); !st) {
        return Result<EnvOp>(at(number, st.message()));
    }
    return Result<EnvOp>(op);
}

bool is_identifier(std::string_view word) {
    if (word.empty() || (word[0] >= '0' && word[0] <= '9')) return false;
    return std::all_of(word.begin(), word.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_';
    });
}

bool is_dotted_name(std::string_view name) {
    if (name.empty() || name.front() == '.' || name.back() == '.') return false;
    size_t start = 0;
    while (true) {
        size_t dot = name.find('.', start);
        if (!is_identifier(name.substr(start, dot - start))) return false;
        if (dot == std::string_view::npos) return true;
        start = dot + 1;
    }
}

// "package.module:function" or "package.module:object.attribute" (no extras): only names,
// so that it can be written into Python code as it is.
bool is_entry_point(std::string_view value) {
    size_t colon = value.find(':');
    return colon != std::string_view::npos && is_dotted_name(value.substr(0, colon)) &&
           is_dotted_name(value.substr(colon + 1));
}

// Sets a single-valued key once.
Status set_once(std::optional<std::string>& field, std::string_view key, std::string value,
                size_t number) {
    if (field) return at(number, std::string(key) + " is given twice");
    field = std::move(value);
    return {};
}

Status set_program_key(ProgramSpec& p, std::string_view key, const std::string& value,
                       size_t number) {
    if (key == "arg") {
        if (auto st = check_expansions(value, true); !st) return at(number, st.message());
        p.args.push_back(value);
        return {};
    }
    if (auto st = check_expansions(value, false); !st) return at(number, st.message());
    if (key == "exec") return set_once(p.exec, key, value, number);
    if (key == "python") return set_once(p.python, key, value, number);
    if (key == "module") return set_once(p.module, key, value, number);
    if (key == "script") return set_once(p.script, key, value, number);
    if (key == "entry-point") {
        if (!is_entry_point(value)) {
            return at(number,
                      "entry-point is package.module:function (dotted names), not '" + value + "'");
        }
        return set_once(p.entry_point, key, value, number);
    }
    if (key == "loader") return set_once(p.loader, key, value, number);
    if (key == "library-path") return set_once(p.library_path, key, value, number);
    if (key == "argv0") return set_once(p.argv0, key, value, number);
    if (key == "workdir") return set_once(p.workdir, key, value, number);
    if (key == "python-flags") {
        if (!p.python_flags.empty()) return at(number, "python-flags is given twice");
        std::string spaced = value;
        std::replace(spaced.begin(), spaced.end(), '\t', ' ');
        for (const std::string& flag : split_nonempty(spaced, ' ')) {
            if (flag != "-I" && flag != "-E" && flag != "-s") {
                return at(number, "python-flags takes -I, -E and -s, not '" + flag + "'");
            }
            if (std::find(p.python_flags.begin(), p.python_flags.end(), flag) ==
                p.python_flags.end()) {
                p.python_flags.push_back(flag);
            }
        }
        return {};
    }
    return at(number, "unknown key '" + std::string(key) + "'");
}

constexpr std::array kTopKeys = {
    std::string_view("hooks"),
    std::string_view("shell-hooks"),
    std::string_view("default-command"),
    std::string_view("ca-certificates"),
    std::string_view("desktop-integration"),
    std::string_view("install-desktop-option"),
    std::string_view("uninstall-desktop-option"),
    std::string_view("after-install"),
    std::string_view("before-uninstall"),
};

bool is_top_key(std::string_view key) {
    return std::find(kTopKeys.begin(), kTopKeys.end(), key) != kTopKeys.end();
}

// The desktop integration keys; nullopt for other keys.
std::optional<Status> set_desktop_key(DesktopIntegrationConfig& desktop,
                                      std::vector<std::string>& seen, const std::string& key,
                                      const std::string& value, size_t number) {
    bool is_option = key == "install-desktop-option" || key == "uninstall-desktop-option";
    bool is_program = key == "after-install" || key == "before-uninstall";
    if (!is_option && !is_program && key != "desktop-integration") return std::nullopt;
    if (std::find(seen.begin(), seen.end(), key) != seen.end())
        return at(number, key + " is given twice");
    seen.push_back(key);
    if (is_option) {
        if (value.size() < 3 || !value.starts_with("--") ||
            value.find_first_of(" \t=") != std::string::npos) {
            return at(number, key + " is an option name like --install-desktop");
        }
        (key == "install-desktop-option" ? desktop.install_option : desktop.uninstall_option) =
            value;
        if (desktop.install_option == desktop.uninstall_option)
            return at(number, "install-desktop-option and uninstall-desktop-option are the same");
        return Status{};
    }
    if (is_program) {
        if (auto st = check_expansions(value, false); !st) return at(number, st.message());
        (key == "after-install" ? desktop.after_install : desktop.before_uninstall) = value;
        return Status{};
    }
    if (value != "yes" && value != "no") return at(number, key + " is yes or no");
    desktop.enabled = value == "yes";
    return Status{};
}

Status check_program(const ProgramSpec& p, const std::string& where, size_t number) {
    if (p.exec && p.python) return at(number, where + ": give exec or python, not both");
    if ((p.module ? 1 : 0) + (p.script ? 1 : 0) + (p.entry_point ? 1 : 0) > 1)
        return at(number, where + ": give one of module, script and entry-point");
    if (!p.python && (p.module || p.script || p.entry_point || !p.python_flags.empty())) {
        return at(number, where + ": module, script, entry-point and python-flags need python");
    }
    if (p.library_path && !p.loader) return at(number, where + ": library-path needs loader");
    return {};
}

}  // namespace

const ProgramSpec* AppRunConfig::command(std::string_view name) const {
    for (const auto& [n, spec] : commands) {
        if (n == name) return &spec;
    }
    return nullptr;
}

Result<AppRunConfig> parse_apprun_config(std::string_view text) {
    AppRunConfig config;
    ProgramSpec* current = &config.main;
    std::string current_name = "the top section";
    size_t section_line = 1;
    size_t number = 0;
    std::optional<std::string> shell_hooks_seen, ca_seen;
    std::vector<std::string> seen_desktop;
    auto finish_section = [&]() -> Status {
        return check_program(*current, current_name, section_line);
    };
    while (!text.empty()) {
        std::string_view line = take_line(text);
        ++number;
        if (line.empty() || line.front() == '#') continue;
        if (line.front() == '[') {
            if (auto st = finish_section(); !st) return st.error();
            if (!line.starts_with("[command ") || line.back() != ']') {
                return at(number, "expected a section header like [command NAME]");
            }
            std::string name(trim(line.substr(9, line.size() - 10)));
            if (name.empty() || name.find_first_of("/ \t") != std::string::npos) {
                return at(number, "invalid command name '" + name + "'");
            }
            if (config.command(name) != nullptr) {
                return at(number, "command " + name + " is defined twice");
            }
            config.commands.emplace_back(name, ProgramSpec{});
            current = &config.commands.back().second;
            current_name = "[command " + name + "]";
            section_line = number;
            continue;
        }
        if (auto op = env_directive(line, number)) {
            if (!*op) return op->error();
            current->env.push_back(**op);
            continue;
        }
        size_t equals = line.find('=');
        if (equals == std::string_view::npos) return at(number, "expected KEY = VALUE");
        std::string key(trim(line.substr(0, equals)));
        std::string value(trim(line.substr(equals + 1)));
        current->lines.try_emplace(key, number);
        bool top = current == &config.main;
        if (is_top_key(key)) {
            if (!top) return at(number, key + " belongs at the top, before any [command]");
            if (auto handled = set_desktop_key(config.desktop, seen_desktop, key, value, number)) {
                if (!*handled) return handled->error();
                continue;
            }
            if (key == "hooks") {
                if (auto st = check_expansions(value, false); !st) return at(number, st.message());
                if (auto st = set_once(config.hooks, key, value, number); !st) return st.error();
            } else if (key == "default-command") {
                if (auto st = set_once(config.default_command, key, value, number); !st) {
                    return st.error();
                }
            } else if (value == "yes" || value == "no") {
                std::optional<std::string>& seen =
                    key == "shell-hooks" ? shell_hooks_seen : ca_seen;
                if (auto st = set_once(seen, key, value, number); !st) return st.error();
                (key == "shell-hooks" ? config.shell_hooks : config.ca_certificates) =
                    value == "yes";
            } else {
                return at(number, key + " is yes or no");
            }
            continue;
        }
        if (auto st = set_program_key(*current, key, value, number); !st) return st.error();
    }
    if (auto st = finish_section(); !st) return st.error();
    if (config.default_command && config.command(*config.default_command) == nullptr) {
        return make_error("default-command " + *config.default_command +
                          " names no [command] section");
    }
    if (!config.main.runs_something() && !config.default_command) {
        return make_error("nothing to run: give exec or python at the top, or default-command");
    }
    for (const auto& [name, spec] : config.commands) {
        if (!spec.runs_something()) {
            return make_error("[command " + name + "] gives neither exec nor python");
        }
    }
    return config;
}

Result<std::vector<EnvOp>> parse_env_directives(std::string_view text) {
    std::vector<EnvOp> ops;
    size_t number = 0;
    while (!text.empty()) {
        std::string_view line = take_line(text);
        ++number;
        if (line.empty() || line.front() == '#') continue;
        auto op = env_directive(line, number);
        if (!op) return at(number, "expected set, default, prepend, append or unset");
        if (!*op) return op->error();
        ops.push_back(**op);
    }
    return ops;
}

}  // namespace squashrun::core
