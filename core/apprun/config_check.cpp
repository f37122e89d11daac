// The configuration's ${APPDIR} paths looked up in a tree, and the $APPDIR hint.
#include "core/apprun/config_check.hpp"

#include <array>

#include "core/text/text.hpp"

namespace squashrun::core {
namespace {

constexpr std::string_view kAppDirPrefix = "${APPDIR}/";

enum class Want { executable, file, directory };

Error at(size_t line, const std::string& problem) {
    return make_error("line " + std::to_string(line) + ": " + problem);
}

// The path inside the tree that `value` names, or nullopt when it names none that can be
// known before launch.
std::optional<std::string> inside_appdir(std::string_view value) {
    if (!value.starts_with(kAppDirPrefix)) return std::nullopt;
    std::string_view rest = value.substr(kAppDirPrefix.size());
    if (rest.find('$') != std::string_view::npos) return std::nullopt;
    while (rest.ends_with('/'))
        rest.remove_suffix(1);
    return std::string(rest);
}

Status check_path(const TreeView& tree, std::string_view what, const std::string& value, Want want,
                  size_t line) {
    auto path = inside_appdir(value);
    if (!path) return {};
    std::string shown = std::string(what) + " " + value;
    if (tree.lookup(*path).type == NodeType::missing && !path->empty())
        return at(line, shown + " is not in the AppDir");
    auto resolved = resolve(tree, *path);
    if (!resolved) return at(line, shown + ": " + resolved.message());
    Node node = tree.lookup(*resolved);
    if (want == Want::directory) {
        if (node.type != NodeType::directory) return at(line, shown + " is not a directory");
        return {};
    }
    if (node.type != NodeType::file) return at(line, shown + " is not a regular file");
    if (want == Want::executable && (node.mode & 0111) == 0)
        return at(line, shown + " is not executable");
    return {};
}

Status check_program(const ProgramSpec& spec, const TreeView& tree) {
    auto line = [&](std::string_view key) {
        auto found = spec.lines.find(key);
        return found == spec.lines.end() ? size_t{0} : found->second;
    };
    struct Field {
        const std::optional<std::string>& value;
        std::string_view key;
        std::string_view what;
        Want want;
    };
    const std::array fields = {
        Field{spec.exec, "exec", "the program", Want::executable},
        Field{spec.python, "python", "the interpreter", Want::executable},
        Field{spec.script, "script", "the script", Want::file},
        Field{spec.loader, "loader", "the loader", Want::executable},
        Field{spec.workdir, "workdir", "the working directory", Want::directory},
    };
    for (const Field& f : fields) {
        if (!f.value) continue;
        if (auto st = check_path(tree, f.what, *f.value, f.want, line(f.key)); !st) return st;
    }
    if (spec.library_path) {
        for (const auto& dir : split_nonempty(*spec.library_path, ':')) {
            if (auto st = check_path(tree, "the library directory", dir, Want::directory,
                                     line("library-path"));
                !st) {
                return st;
            }
        }
    }
    return {};
}

}  // namespace

Status check_config_paths(const AppRunConfig& config, const TreeView& tree) {
    if (auto st = check_program(config.main, tree); !st) return st;
    for (const auto& [name, spec] : config.commands) {
        if (auto st = check_program(spec, tree); !st) return st;
    }
    auto line = [&](std::string_view key) {
        auto found = config.main.lines.find(key);
        return found == config.main.lines.end() ? size_t{0} : found->second;
    };
    if (config.hooks) {
        if (auto st = check_path(tree, "the hooks", *config.hooks, Want::directory, line("hooks"));
            !st) {
            return st;
        }
    }
    for (const auto& [value, key] :
         {std::pair{&config.desktop.after_install, std::string_view("after-install")},
          std::pair{&config.desktop.before_uninstall, std::string_view("before-uninstall")}}) {
        if (!*value) continue;
        if (auto st = check_path(tree, "the " + std::string(key) + " program", **value,
                                 Want::executable, line(key));
            !st) {
            return st;
        }
    }
    return {};
}

Status check_unbraced_variables(std::string_view text) {
    size_t number = 0;
    while (!text.empty()) {
        std::string_view line = take_line(text);
        ++number;
        if (line.starts_with('#')) continue;
        for (size_t at_sign = line.find("$APPDIR"); at_sign != std::string_view::npos;
             at_sign = line.find("$APPDIR", at_sign + 1)) {
            // "$$APPDIR" is a literal "$APPDIR", written on purpose.
            size_t dollars = 0;
            for (size_t i = at_sign; i > 0 && line[i - 1] == '$'; --i)
                ++dollars;
            if (dollars % 2 == 0) {
                return at(number, "$APPDIR is not expanded in apprun.conf; write ${APPDIR}");
            }
        }
    }
    return {};
}

}  // namespace squashrun::core
