// The option table and its help text.
#include "options.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "programs.hpp"

namespace squashrun::apprun {
namespace {

int show_help(const Invocation& inv);

constexpr std::array kOptions = {
    Option{"--apprun-host", " PROGRAM [ARGUMENTS...]",
           "run PROGRAM in the host's environment and PATH", run_on_host},
    Option{"--apprun-help", "", "print this help", show_help},
};

int show_help(const Invocation&) {
    std::string text =
        "Usage: \"$APPDIR/AppRun\" --apprun-OPTION [ARGUMENTS...]   from inside a launched app\n"
        "       \"$APPDIR/AppRun\" [ARGUMENTS...]                   run the app\n"
        "\nOptions (first argument only). They are recognised where APPRUN_LAUNCHED is set: in\n"
        "the app and the programs it starts. As the first argument of a plain launch they are\n"
        "the app's.\n";
    for (const Option& o : kOptions) {
        size_t start = text.size();
        text.append("  ").append(o.name).append(o.arguments);
        text.resize(std::max(text.size() + 2, start + 40), ' ');
        text.append(o.help);
        if (o.scope == OptionScope::launch) text.append(" (also at a plain launch)");
        text += '\n';
    }
    text +=
        "\nWhat runs: $APPDIR/apprun.conf, else the Exec= line of the AppDir's one desktop file.\n"
        "The host's environment: each variable the launch changed is listed in\n"
        "APPRUN_CHANGED_VARS, its host value kept as APPRUN_ORIGINAL_<NAME>; --apprun-host\n"
        "restores them and removes every APPRUN_* variable.\n"
        "Exit status: the app's; 127 when AppRun itself fails.\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return 0;
}

}  // namespace

const Option* find_option(std::string_view name, bool nested) {
    for (const Option& o : kOptions) {
        if (o.name == name && (nested || o.scope == OptionScope::launch)) return &o;
    }
    return nullptr;
}

}  // namespace squashrun::apprun
