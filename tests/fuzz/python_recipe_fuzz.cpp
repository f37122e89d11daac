// Fuzz target: a Python recipe's templates, entry point and requirements.
#include "core/python/entrypoint.hpp"
#include "core/python/requirements.hpp"
#include "core/python/template.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace squashrun;
    auto text = fuzz::text(data, size);
    const core::TemplateValues values = {{"python-executable", "${APPDIR}/usr/bin/python3.11"},
                                         {"python-version", "3.11"}};
    auto rendered = core::render_template(text, values);
    if (rendered) {
        auto command = core::parse_entrypoint(*rendered, "${APPDIR}/usr/bin/python3.11");
        if (command) {
            fuzz::require(command->module.has_value() != command->script.has_value(),
                          "a module or a script");
        }
    }
    (void)core::parse_requirements(text);
    return 0;
}
