// Fuzz target: apprun.conf and the ${...} expansion of every value it accepted, the hook
// files' environment directives, and the $APPDIR hint.
#include "core/apprun/config.hpp"
#include "core/apprun/config_check.hpp"
#include "core/apprun/expand.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace squashrun;
    auto text = fuzz::text(data, size);
    core::ExpandContext context{"/app dir", "/a/App.AppImage", "App", "/home", [](auto name) {
                                    return std::optional<std::string>(std::string(name) + "!");
                                }};
    auto config = core::parse_apprun_config(text);
    if (config) {
        auto check = [&](const core::ProgramSpec& spec) {
            for (const auto* field : {&spec.exec, &spec.python, &spec.script, &spec.loader,
                                      &spec.library_path, &spec.argv0, &spec.workdir}) {
                if (*field) {
                    fuzz::require(core::check_expansions(**field, false).ok(),
                                  "an accepted value expands");
                    (void)core::expand(**field, context);
                }
            }
            for (const auto& op : spec.env)
                (void)core::expand(op.value, context);
        };
        check(config->main);
        for (const auto& [name, spec] : config->commands)
            check(spec);
    }
    (void)core::parse_env_directives(text);
    (void)core::check_unbraced_variables(text);
    return 0;
}
