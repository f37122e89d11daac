// Dispatch: an --appimage-* first argument selects an option; anything else runs the app.
#include "runtime_main.hpp"

#include <string_view>

#include "appimage.hpp"
#include "cli.hpp"
#include "diag.hpp"

namespace squashrun::runtime {

int runtime_main(int argc, char** argv) {
    set_program_name(argc > 0 ? argv[0] : nullptr);
    auto appimage = locate_appimage();
    if (!appimage) {
        print_error(appimage.message());
        return kExitLauncherFailure;
    }
    Invocation invocation{argc, argv, *appimage};
    std::string_view first = argc > 1 ? argv[1] : "";
    if (first.starts_with("--appimage-")) {
        const Option* option = find_option(first);
        if (option == nullptr) {
            print_error("unknown option " + std::string(first) + " (see --appimage-help)");
            return kExitUsage;
        }
        return option->handler(invocation);
    }
    return run_appimage(invocation);
}

}  // namespace squashrun::runtime
