// Dispatch: an --appimage-* first argument selects an option; anything else runs the app.
#include "runtime/runtime_main.hpp"

#include <string_view>

#include "runtime/cli.hpp"
#include "runtime/diag.hpp"
#include "runtime/image/appimage.hpp"

namespace squashrun::runtime {

int runtime_main(int argc, char** argv) {
    set_program_name(argc > 0 ? argv[0] : nullptr);
    std::string_view first = argc > 1 ? argv[1] : "";
    const Option* option = nullptr;
    if (first.starts_with("--appimage-")) {
        option = find_option(first);
        if (option == nullptr) {
            print_error("unknown option " + std::string(first) + " (see --appimage-help)");
            return kExitUsage;
        }
    }
    Invocation invocation{argc, argv, {}};
    if (option == nullptr || option->needs_appimage) {
        auto appimage = locate_appimage();
        if (!appimage) {
            print_error(appimage.message());
            return kExitLauncherFailure;
        }
        invocation.appimage = std::move(*appimage);
    }
    return option != nullptr ? option->handler(invocation) : run_appimage(invocation);
}

}  // namespace squashrun::runtime
