// Which entrypoint.sh forms run without a shell, and what they become.
#include "core/python/entrypoint.hpp"

#include <gtest/gtest.h>

namespace squashrun {
namespace {

using Strings = std::vector<std::string>;
constexpr std::string_view kPython = "${APPDIR}/usr/bin/python3.11";

TEST(Entrypoint, ModuleFormWithFlags) {
    auto command = core::parse_entrypoint(
        "#! /bin/bash\n# Start the app\n\n${APPDIR}/usr/bin/python3.11 -I -s -m myapp \"$@\"\n",
        kPython);
    ASSERT_TRUE(command);
    EXPECT_EQ(command->flags, (Strings{"-I", "-s"}));
    EXPECT_EQ(command->module, "myapp");
    EXPECT_EQ(command->script, std::nullopt);
    EXPECT_TRUE(command->args.empty());
}

TEST(Entrypoint, ScriptFormQuotesExecAndLiteralArguments) {
    auto command = core::parse_entrypoint(
        "exec \"$APPDIR/usr/bin/python3.11\" -Es \"${APPDIR}/usr/bin/my app\" --mode='a b' "
        "--level=3 \"$@\"  # start\n",
        kPython);
    ASSERT_TRUE(command);
    EXPECT_EQ(command->flags, (Strings{"-E", "-s"}));
    EXPECT_EQ(command->script, "${APPDIR}/usr/bin/my app");
    EXPECT_EQ(command->args, (Strings{"--mode=a b", "--level=3"}));
}

TEST(Entrypoint, AnythingElseNeedsAShell) {
    for (const char* script : {
             "",
             "# only a comment\n",
             "${APPDIR}/usr/bin/python3.11 -m app\n",                     // no "$@"
             "${APPDIR}/usr/bin/python3.11 -m app \"$@\" extra\n",        // "$@" not last
             "${APPDIR}/usr/bin/python3.11 -m app $@\n",                  // unquoted
             "${APPDIR}/usr/bin/python3.10 -m app \"$@\"\n",              // another program
             "export X=1\n${APPDIR}/usr/bin/python3.11 -m app \"$@\"\n",  // two commands
             "${APPDIR}/usr/bin/python3.11 -m app \"$HOME\" \"$@\"\n",    // a variable
             "${APPDIR}/usr/bin/python3.11 -O -m app \"$@\"\n",           // another flag
             "${APPDIR}/usr/bin/python3.11 app.py \"$@\"\n",              // not under APPDIR
             "${APPDIR}/usr/bin/python3.11 -m app \"$@\" > log\n",
             "${APPDIR}/usr/bin/python3.11 -m app *.txt \"$@\"\n",
             "${APPDIR}/usr/bin/python3.11 -m app `date` \"$@\"\n",
             "${APPDIR}/usr/bin/python3.11 -m app \"unclosed \"$@\"\n",
             "${APPDIR}/usr/bin/python3.11 -m \"$@\"\n",
             "${APPDIR}/usr/bin/python3.11 -c 'print(1)' \"$@\"\n",
             "$APPDIRX/usr/bin/python3.11 -m app \"$@\"\n",
             // Found by fuzzing: the marker of "$@" given as a word of its own.
             "${APPDIR}/usr/bin/python3.11 -I -m \x01@",
             "${APPDIR}/usr/bin/python3.11 -I -m '\x01@'",
             "${APPDIR}/usr/bin/python3.11 -m app\x02 \"$@\"\n",
         }) {
        EXPECT_EQ(core::parse_entrypoint(script, kPython), std::nullopt) << script;
    }
}

}  // namespace
}  // namespace squashrun
