// Env hooks through the config's directive parser; shell hooks by sourcing them in /bin/sh
// and reading back `env -0`.
#include "hooks.hpp"

#include <algorithm>
#include <vector>

#include "os/files.hpp"
#include "os/spawn.hpp"

namespace squashrun::apprun {
namespace {

std::vector<std::string> sorted_names(const std::string& dir) {
    std::vector<std::string> names;
    for (auto& name : os::list_directory(dir)) {
        if (name.ends_with(".env") || name.ends_with(".sh")) names.push_back(std::move(name));
    }
    std::sort(names.begin(), names.end());
    return names;
}

core::Status apply_env_hook(const std::string& path, const core::ExpandContext& context,
                            core::Environment& env) {
    auto text = os::read_file(path);
    if (!text) return text.error();
    auto ops = core::parse_env_directives(*text);
    if (!ops) return core::make_error(path + ": " + ops.message());
    for (const auto& op : *ops)
        core::apply_env_op(env, op.action, op.name, core::expand(op.value, context));
    return {};
}

constexpr std::string_view kHookDone = "APPRUN_HOOK_DONE";

// Runs /bin/sh with the current environment, sources the hook, then prints a marker and
// `env -0`. A hook that exits or execs early never prints the marker: that is an error, not
// an empty environment. The status of the hook's last command does not matter.
core::Status apply_shell_hook(const std::string& path, core::Environment& env) {
    std::string script = ". \"$1\" >&2; printf '%s\\0' " + std::string(kHookDone) + "; exec env -0";
    os::ProcessSpec shell;
    shell.program = "/bin/sh";
    shell.argv = {"sh", "-c", script, "sh", path};
    shell.env = core::environment_entries(env);
    shell.out = os::Stdio::capture();
    // A shell as any other: what AppRun's parent blocked or ignored (such as SIGCHLD, which
    // the shell needs to wait for its commands) is not the hook's business.
    shell.signals = os::ChildSignals::child_default;
    auto ran = os::run(shell);
    if (!ran) return core::make_error(path + ": " + ran.message());
    std::string& output = ran->output;
    std::string marker = std::string(kHookDone) + '\0';
    if (!ran->status.succeeded() || !output.starts_with(marker)) {
        return core::make_error(path + ": the shell hook did not run to its end (it must not " +
                                "exit or exec)");
    }
    output.erase(0, marker.size());
    std::vector<std::string> lines;
    for (size_t start = 0; start < output.size();) {
        size_t end = output.find('\0', start);
        if (end == std::string::npos) end = output.size();
        lines.push_back(output.substr(start, end - start));
        start = end + 1;
    }
    core::Environment after = core::environment_from(lines);
    // Variables the shell itself adds or changes are not the hook's doing.
    for (const char* own : {"PWD", "OLDPWD", "SHLVL", "_"}) {
        auto before = env.find(own);
        if (before == env.end()) {
            after.erase(own);
        } else {
            after[own] = before->second;
        }
    }
    env = std::move(after);
    return {};
}

}  // namespace

core::Status apply_hooks(const std::string& dir, bool shell_hooks,
                         const core::ExpandContext& context, core::Environment& env) {
    for (const std::string& name : sorted_names(dir)) {
        std::string path = dir;
        path.append("/").append(name);
        core::Status status;
        if (name.ends_with(".env")) {
            status = apply_env_hook(path, context, env);
        } else if (shell_hooks) {
            status = apply_shell_hook(path, env);
        }
        if (!status) return status;
    }
    return {};
}

}  // namespace squashrun::apprun
