// AppRun's steps: options, AppDir, command, environment, exec.
#include "apprun.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <optional>

#include "appdir.hpp"
#include "core/apprun/config.hpp"
#include "core/apprun/env_plan.hpp"
#include "core/apprun/exec_plan.hpp"
#include "core/apprun/expand.hpp"
#include "core/apprun/host_record.hpp"
#include "desktop_fallback.hpp"
#include "desktop_install.hpp"
#include "hooks.hpp"
#include "options.hpp"
#include "os/environment.hpp"
#include "os/executable.hpp"
#include "os/files.hpp"
#include "programs.hpp"

namespace squashrun::apprun {
namespace {

constexpr std::string_view kLaunchedMarker = "APPRUN_LAUNCHED";

core::Environment process_environment() {
    return core::environment_from(os::current_environment());
}

std::string basename_of(const std::string& path) {
    size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The host's CA certificates where the common distributions keep them, else the bundle's.
std::optional<std::string> find_ca_bundle(const std::string& appdir) {
    for (std::string candidate :
         {std::string("/etc/ssl/certs/ca-certificates.crt"),  // Debian, Ubuntu, Arch, Gentoo
          std::string("/etc/pki/tls/certs/ca-bundle.crt"),    // Fedora, RHEL
          std::string("/etc/ssl/ca-bundle.pem"),              // openSUSE
          std::string("/etc/ssl/cert.pem"),                   // Alpine, Void
          appdir + "/etc/ssl/certs/ca-certificates.crt"}) {
        struct stat st {};
        if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
            return candidate;
        }
    }
    return std::nullopt;
}

core::ProgramSpec expanded(core::ProgramSpec spec, const core::ExpandContext& context) {
    auto fix = [&](std::optional<std::string>& value) {
        if (value) value = core::expand(*value, context);
    };
    for (auto* field : {&spec.exec, &spec.python, &spec.module, &spec.script, &spec.loader,
                        &spec.library_path, &spec.argv0, &spec.workdir}) {
        fix(*field);
    }
    for (auto& arg : spec.args) {
        if (arg != core::kUserArgs) arg = core::expand(arg, context);
    }
    return spec;
}

void apply_ops(const std::vector<core::EnvOp>& ops, const core::ExpandContext& context,
               core::Environment& env) {
    for (const auto& op : ops)
        core::apply_env_op(env, op.action, op.name, core::expand(op.value, context));
}

core::Result<core::AppRunConfig> read_config(const std::string& config_path) {
    auto text = os::read_file(config_path);
    if (!text) return core::make_error("cannot read " + text.message());
    auto config = core::parse_apprun_config(*text);
    if (!config) return core::make_error(config_path + ": " + config.message());
    return config;
}

int run_configured(const core::AppRunConfig& config, const std::string& config_path,
                   const std::string& invoked_as, const std::vector<std::string>& user_args,
                   const core::ExpandContext& context, core::Environment env,
                   const core::Environment& host) {
    // The command: by the name AppRun was invoked as. Started as .../AppRun (by the runtime
    // or directly), that is $ARGV0's; reached through a link with another name (a symlink or
    // a hard link such as usr/bin/python3 used as sys.executable), it is that name, since
    // $ARGV0 is inherited from the first launch.
    std::string name = invoked_as == "AppRun" ? basename_of(context.argv0) : invoked_as;
    const core::ProgramSpec* command = config.command(name);
    if (command == nullptr) {
        command =
            config.main.runs_something() ? &config.main : config.command(*config.default_command);
    }
    // Python mode: the host's PYTHONHOME and PYTHONPATH would point the bundled interpreter
    // at the host's library, so they go first; the configuration may set them afterwards.
    if (command->python) {
        env.erase("PYTHONHOME");
        env.erase("PYTHONPATH");
    }
    apply_ops(config.main.env, context, env);
    if (config.hooks) {
        if (auto st =
                apply_hooks(core::expand(*config.hooks, context), config.shell_hooks, context, env);
            !st) {
            return fail(st.message());
        }
    }
    if (command != &config.main) apply_ops(command->env, context, env);
    if (config.ca_certificates && env.count("SSL_CERT_FILE") == 0) {
        if (auto bundle = find_ca_bundle(context.appdir)) env["SSL_CERT_FILE"] = *bundle;
    }
    core::ProgramSpec spec = expanded(*command, context);
    core::record_host_values(env, host);
    std::string target = spec.python ? *spec.python : *spec.exec;
    if (!os::is_executable_file(target)) {
        return fail(
            config_path + ": " + (spec.python ? "the interpreter " : "the program ") + target +
            (::access(target.c_str(), F_OK) == 0 ? " is not executable" : " does not exist"));
    }
    if (spec.loader && !os::is_executable_file(*spec.loader)) {
        return fail(
            config_path + ": the loader " + *spec.loader +
            (::access(spec.loader->c_str(), F_OK) == 0 ? " is not executable" : " does not exist"));
    }
    if (spec.workdir && ::chdir(spec.workdir->c_str()) != 0) {
        return fail(config_path + ": workdir " + *spec.workdir + ": " + std::strerror(errno));
    }
    return exec_with(core::plan_exec(spec, user_args, name), env);
}

}  // namespace

int fail(const std::string& message) {
    std::string line = "AppRun: " + message + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
    return kExitFailure;
}

int apprun_main(int argc, char** argv) {
    core::Environment current = process_environment();
    // Inside a launched app (its children inherit APPRUN_LAUNCHED), the --apprun- options are
    // AppRun's; as the first argument of a plain launch they belong to the app.
    bool nested = current.count(std::string(kLaunchedMarker)) != 0;
    if (argc > 1) {
        if (const Option* option = nested ? find_option(argv[1]) : nullptr) {
            std::vector<std::string> args(argv, argv + argc);
            return option->handler(Invocation{args, current});
        }
    }
    auto appdir = locate_appdir();
    if (!appdir) return fail(appdir.message());
    // The true host environment: what the runtime and earlier launches recorded, undone.
    core::Environment host = current.count(std::string(core::kChangedVars)) != 0
                                 ? core::host_environment(current)
                                 : current;
    core::Environment env = current;
    char cwd[PATH_MAX];
    std::string owd = ::getcwd(cwd, sizeof cwd) != nullptr ? cwd : "";
    // APPIMAGE, ARGV0 and OWD describe this AppDir only when the runtime set APPDIR to it;
    // ARGV0 chooses the command only on the first launch (children inherit it).
    auto it = current.find("APPDIR");
    bool from_runtime = it != current.end() && it->second == *appdir;
    auto value = [&](const char* name, const std::string& fallback) {
        auto found = current.find(name);
        return from_runtime && found != current.end() && !found->second.empty() ? found->second
                                                                                : fallback;
    };
    std::string own_argv0 = argc > 0 ? argv[0] : "AppRun";
    core::ExpandContext context;
    context.appdir = *appdir;
    context.appimage = value("APPIMAGE", "");
    context.argv0 = nested ? own_argv0 : value("ARGV0", own_argv0);
    context.owd = value("OWD", owd);
    context.host = [&host](std::string_view name) -> std::optional<std::string> {
        auto found = host.find(std::string(name));
        if (found == host.end()) return std::nullopt;
        return found->second;
    };
    env["APPDIR"] = *appdir;  // also for an extracted AppDir run directly
    env.insert_or_assign(std::string(kLaunchedMarker), std::string(1, '1'));
    std::vector<std::string> user_args(argv + std::min(argc, 1), argv + std::max(argc, 1));
    std::string config_path = *appdir + "/" + kConfigName;
    std::optional<core::AppRunConfig> config;
    if (::access(config_path.c_str(), F_OK) == 0) {
        auto parsed = read_config(config_path);
        if (!parsed) return fail(parsed.message());
        config = std::move(*parsed);
    }
    core::DesktopIntegrationConfig desktop =
        config ? config->desktop : core::DesktopIntegrationConfig{};
    if (!user_args.empty() && desktop.enabled &&
        (user_args.front() == desktop.install_option ||
         user_args.front() == desktop.uninstall_option)) {
        bool install = user_args.front() == desktop.install_option;
        DesktopRequest request{{user_args.begin() + 1, user_args.end()},
                               *appdir,
                               context.appimage,
                               host,
                               desktop,
                               context};
        return install ? install_desktop(request) : uninstall_desktop(request);
    }
    if (config) {
        std::string invoked_as = basename_of(own_argv0);
        return run_configured(*config, config_path, invoked_as, user_args, context, env, host);
    }
    core::record_host_values(env, host);
    return run_desktop_exec(*appdir, user_args, env);
}

}  // namespace squashrun::apprun
