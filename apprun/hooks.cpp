// Env hooks through the config's directive parser; shell hooks by sourcing them in /bin/sh
// and reading back `env -0`.
#include "hooks.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "os/c_strings.hpp"
#include "os/files.hpp"

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
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) return core::make_error(path + ": " + std::strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    os::CStringArray envp(core::environment_entries(env));
    std::string script = ". \"$1\" >&2; printf '%s\\0' " + std::string(kHookDone) + "; exec env -0";
    std::vector<char*> argv = {
        const_cast<char*>("sh"), const_cast<char*>("-c"),         script.data(),
        const_cast<char*>("sh"), const_cast<char*>(path.c_str()), nullptr};
    // waitpid needs SIGCHLD not ignored (a parent may have left it so); restored below.
    struct sigaction child_default {
    }, saved{};
    child_default.sa_handler = SIG_DFL;
    ::sigaction(SIGCHLD, &child_default, &saved);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGCHLD);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
    pid_t pid = 0;
    int failed = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(out[1]);
    std::string output;
    char buffer[4096];
    for (ssize_t n; failed == 0 && (n = ::read(out[0], buffer, sizeof buffer)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        output.append(buffer, static_cast<size_t>(n));
    }
    ::close(out[0]);
    if (failed != 0)
        return core::make_error(path + ": cannot start /bin/sh: " + std::strerror(failed));
    int status = 0;
    pid_t waited = 0;
    while ((waited = ::waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
    }
    ::sigaction(SIGCHLD, &saved, nullptr);
    std::string marker = std::string(kHookDone) + '\0';
    if (waited != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
        !output.starts_with(marker)) {
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
