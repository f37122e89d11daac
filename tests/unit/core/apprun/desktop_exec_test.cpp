// Exec= lines of desktop files: quoting and field codes.
#include "core/apprun/desktop_exec.hpp"

#include <gtest/gtest.h>

namespace squashrun {
namespace {

using Strings = std::vector<std::string>;

TEST(DesktopExec, QuotingAndFieldCodes) {
    core::ExecFields fields{"My App", "myapp", "/app/myapp.desktop"};
    Strings user = {"a b", "", "%f"};
    auto argv = core::exec_command_line(R"(tool "--title=%c" %F --x)", user, fields);
    ASSERT_TRUE(argv) << argv.message();
    EXPECT_EQ(*argv, (Strings{"tool", "--title=My App", "a b", "", "%f", "--x"}));
    auto appended = core::exec_command_line(R"("my tool" --opt=1 100%%)", user, fields);
    ASSERT_TRUE(appended) << appended.message();
    EXPECT_EQ(*appended, (Strings{"my tool", "--opt=1", "100%", "a b", "", "%f"}));
    auto quoted = core::exec_command_line(R"(sh "a \"b\" \$c \\d" %i %k %d)", {}, fields);
    ASSERT_TRUE(quoted) << quoted.message();
    EXPECT_EQ(*quoted, (Strings{"sh", "a \"b\" $c \\d", "--icon", "myapp", "/app/myapp.desktop"}));
    for (const char* bad : {"", "tool \"open", "tool x%F", "tool %z", "tool \"a\"b"}) {
        EXPECT_FALSE(core::exec_command_line(bad, {}, fields)) << bad;
    }
}

}  // namespace
}  // namespace squashrun
