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
        text += '\n';
    }
    text +=
        "\nAt a plain launch (./App.AppImage OPTION), unless apprun.conf renames them\n"
        "(install-desktop-option, uninstall-desktop-option) or turns them off\n"
        "(desktop-integration = no):\n"
        "  --install-desktop [--move|--copy] [--force] [--dry-run]\n"
        "        put the app in the desktop menu: its entry, icons, MIME types and AppStream\n"
        "        file under $XDG_DATA_HOME (default ~/.local/share), pointing at the AppImage;\n"
        "        --move/--copy put the AppImage in ~/Applications first\n"
        "  --uninstall-desktop [APPIMAGE] [--dry-run]\n"
        "        remove what --install-desktop wrote for this AppImage (or for APPIMAGE, a\n"
        "        path it had), and the entries its moved or deleted copies left\n"
        "Both print the files they write or remove; exit status 1 when refused, 2 for an\n"
        "unknown option.\n"
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

const Option* find_option(std::string_view name) {
    for (const Option& o : kOptions) {
        if (o.name == name) return &o;
    }
    return nullptr;
}

}  // namespace squashrun::apprun
