// The AppRun launcher's configuration file (apprun.conf at the AppDir root): a line-based
// format, no shell evaluation. The README documents it with a full example.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace squashrun::core {

enum class EnvAction { set, set_default, prepend, append, unset };

struct EnvOp {
    EnvAction action = EnvAction::set;
    std::string name;
    std::string value;  // not yet expanded
    size_t line = 0;
};

// What to run, and the environment changes of one command. Values are not yet expanded.
struct ProgramSpec {
    std::optional<std::string> exec;          // a program ...
    std::optional<std::string> python;        // ... or a Python interpreter
    std::vector<std::string> python_flags;    // "-I", "-E", "-s" in the order given
    std::optional<std::string> module;        // python: -m MODULE
    std::optional<std::string> script;        // python: SCRIPT
    std::optional<std::string> entry_point;   // python: package.module:function, as
                                              // [project.scripts] declares it
    std::vector<std::string> args;            // "${@}" marks where the user's arguments go
    std::optional<std::string> loader;        // run through this dynamic loader
    std::optional<std::string> library_path;  // the loader's --library-path
    std::optional<std::string> argv0;         // argv[0] the program sees
    std::optional<std::string> workdir;       // default: the caller's working directory
    std::vector<EnvOp> env;
    // The line each key of this section was given on (the top's own keys, such as hooks,
    // included), for messages about its value.
    std::map<std::string, size_t, std::less<>> lines;

    bool runs_something() const { return exec.has_value() || python.has_value(); }
};

// The desktop integration AppRun offers at a plain launch (./App.AppImage --install-desktop).
struct DesktopIntegrationConfig {
    bool enabled = true;
    std::string install_option = "--install-desktop";  // renamed for an app that uses it
    std::string uninstall_option = "--uninstall-desktop";
    // Programs run with the host's environment and the paths written (or to be removed) as
    // arguments: after installing, before uninstalling. Not yet expanded.
    std::optional<std::string> after_install;
    std::optional<std::string> before_uninstall;
};

struct AppRunConfig {
    ProgramSpec main;                                           // the top of the file
    std::vector<std::pair<std::string, ProgramSpec>> commands;  // [command NAME] sections
    std::optional<std::string> default_command;                 // when no name matches
    std::optional<std::string> hooks;                           // directory of hook files
    bool shell_hooks = false;                                   // also source *.sh hooks
    bool ca_certificates = false;  // SSL_CERT_FILE: the host's CA bundle, else the bundle's
    DesktopIntegrationConfig desktop;

    const ProgramSpec* command(std::string_view name) const;
};

// The user's arguments go where an `arg = ${@}` line is (else after the other arguments).
inline constexpr std::string_view kUserArgs = "${@}";

// Parses the configuration; errors read "line N: problem".
Result<AppRunConfig> parse_apprun_config(std::string_view text);

// Parses a line of environment directives (set/default/prepend/append/unset), the format of
// *.env hook files; errors read "line N: problem".
Result<std::vector<EnvOp>> parse_env_directives(std::string_view text);

}  // namespace squashrun::core
