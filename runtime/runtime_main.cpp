// Dispatch: an --appimage-* first argument selects an option; anything else runs the app.
#include "runtime/runtime_main.hpp"

#include <exception>
#include <string_view>

#include "runtime/cli.hpp"
#include "runtime/diag.hpp"
#include "runtime/image/appimage.hpp"
#include "runtime/settings.hpp"

namespace squashrun::runtime {
namespace {

int dispatch(const Settings& settings) {
    std::string_view first = settings.first_arg();
    const Option* option = nullptr;
    if (first.starts_with("--appimage-")) {
        option = find_option(first);
        if (option == nullptr) {
            print_error("unknown option " + std::string(first) + " (see --appimage-help)");
            return kExitUsage;
        }
    }
    Invocation invocation{settings, {}};
    if (option == nullptr || option->needs_appimage) {
        auto appimage = locate_appimage(settings.target_appimage);
        if (!appimage) {
            print_error(appimage.message());
            return kExitLauncherFailure;
        }
        invocation.appimage = std::move(*appimage);
    }
    return option != nullptr ? option->handler(invocation) : run_appimage(invocation);
}

}  // namespace

int runtime_main(int argc, char** argv, char** envp) {
    try {
        Settings settings = read_settings(argc, argv, envp);
        configure_diagnostics(settings.program_name, settings.debug);
        return dispatch(settings);
    } catch (const std::exception& e) {
        print_error(std::string("unexpected failure: ") + e.what());
    } catch (...) {
        print_error("unexpected failure");
    }
    return kExitLauncherFailure;
}

}  // namespace squashrun::runtime
