// The apprun.conf of a Python bundle, read back with AppRun's parser.
#include "core/python/bundle_config.hpp"

#include <gtest/gtest.h>

#include "core/apprun/config.hpp"

namespace squashrun {
namespace {

core::PythonBundle bundle() {
    return {"${APPDIR}/usr/libexec/python3.11",
            "${APPDIR}/usr/bin/python3.11",
            {"python3", "python3.11"},
            "${APPDIR}/lib64/ld-linux-x86-64.so.2",
            "${APPDIR}/lib/x86_64-linux-gnu"};
}

TEST(BundleConfig, APythonCommandRunsWithoutAShell) {
    core::PythonCommand command;
    command.flags = {"-I"};
    command.module = "myapp";
    command.args = {"--cost=$5"};
    std::string text = core::python_apprun_config(bundle(), {command, ""});
    auto config = core::parse_apprun_config(text);
    ASSERT_TRUE(config) << config.message() << "\n" << text;
    EXPECT_EQ(config->main.python, "${APPDIR}/usr/libexec/python3.11");
    EXPECT_EQ(config->main.python_flags, std::vector<std::string>{"-I"});
    EXPECT_EQ(config->main.module, "myapp");
    EXPECT_EQ(config->main.args, (std::vector<std::string>{"--cost=$$5", "${@}"}));
    EXPECT_EQ(config->main.loader, "${APPDIR}/lib64/ld-linux-x86-64.so.2");
    EXPECT_EQ(config->main.argv0, "${APPDIR}/usr/bin/python3.11");
    EXPECT_TRUE(config->ca_certificates);
    for (const char* name : {"python3", "python3.11"}) {
        const core::ProgramSpec* spec = config->command(name);
        ASSERT_NE(spec, nullptr) << name;
        EXPECT_EQ(spec->python, "${APPDIR}/usr/libexec/python3.11");
        EXPECT_EQ(spec->module, std::nullopt);
        EXPECT_EQ(spec->library_path, "${APPDIR}/lib/x86_64-linux-gnu");
        EXPECT_EQ(spec->python_flags, std::vector<std::string>{"-I"});
    }
}

TEST(BundleConfig, OtherEntryPointsRunThroughBash) {
    std::string text =
        core::python_apprun_config(bundle(), {std::nullopt, "${APPDIR}/entrypoint.sh"});
    auto config = core::parse_apprun_config(text);
    ASSERT_TRUE(config) << config.message();
    EXPECT_EQ(config->main.exec, "/bin/bash");
    EXPECT_EQ(config->main.args, (std::vector<std::string>{"${APPDIR}/entrypoint.sh", "${@}"}));
    EXPECT_NE(config->command("python3.11"), nullptr);
}

}  // namespace
}  // namespace squashrun
