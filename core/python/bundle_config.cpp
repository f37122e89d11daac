// apprun.conf lines for a Python bundle.
#include "core/python/bundle_config.hpp"

namespace squashrun::core {
namespace {

// A literal value for apprun.conf: "$" is written "$$" (values already holding ${APPDIR}
// come from the layout, not from the user).
std::string literal(const std::string& value) {
    std::string out;
    for (char c : value) {
        out += c;
        if (c == '$') out += '$';
    }
    return out;
}

void flag_line(std::string& out, const std::vector<std::string>& flags) {
    if (flags.empty()) return;
    out += "python-flags =";
    for (const auto& flag : flags)
        out += " " + flag;
    out += "\n";
}

void interpreter_lines(std::string& out, const PythonBundle& bundle) {
    out += "python = " + bundle.interpreter + "\n";
    if (bundle.loader) out += "loader = " + *bundle.loader + "\n";
    if (bundle.library_path) out += "library-path = " + *bundle.library_path + "\n";
    out += "argv0 = " + bundle.executable + "\n";
}

}  // namespace

std::string python_apprun_config(const PythonBundle& bundle, const BundleEntry& entry) {
    std::string out = "# Written by mkappimage python.\n";
    if (entry.python) {
        const PythonCommand& command = *entry.python;
        interpreter_lines(out, bundle);
        flag_line(out, command.flags);
        if (command.module) out += "module = " + *command.module + "\n";
        if (command.script) out += "script = " + *command.script + "\n";
        if (command.entry_point) out += "entry-point = " + *command.entry_point + "\n";
        for (const auto& arg : command.args)
            out += "arg = " + literal(arg) + "\n";
    } else {
        out += "exec = /bin/bash\narg = " + entry.shell_script + "\n";
    }
    out += "arg = ${@}\nca-certificates = yes\n";
    // The interpreter under its own names (sys.executable among them), isolated as the app.
    for (const auto& name : bundle.names) {
        out += "\n[command " + name + "]\n";
        interpreter_lines(out, bundle);
        if (entry.python) flag_line(out, entry.python->flags);
    }
    return out;
}

}  // namespace squashrun::core
