// Exec= quoting, checked against core's own Exec= parser through a written desktop file.
#include "core/desktop/exec_quote.hpp"

#include <gtest/gtest.h>

#include "core/apprun/desktop_exec.hpp"
#include "core/desktop/write.hpp"

namespace squashrun {
namespace {

using Strings = std::vector<std::string>;

const core::ExecFields kFields{"App", "app", "/x/app.desktop"};

// `exec` stored as Exec= in a desktop file, written, read back and split with user_args.
Strings through_a_desktop_file(const std::string& exec, const Strings& user_args = {}) {
    core::DesktopFile file{{{"Desktop Entry", {{"Type", "Application"}}}}};
    core::set_desktop_value(file.groups[0], "Exec", exec);
    auto text = core::write_desktop_file(file);
    EXPECT_TRUE(text) << text.message();
    auto parsed = core::parse_desktop_file(*text);
    EXPECT_TRUE(parsed) << parsed.message();
    auto value = parsed->entry("Exec");
    EXPECT_TRUE(value.has_value()) << *text;
    auto argv = core::exec_command_line(value.value_or(""), user_args, kFields);
    EXPECT_TRUE(argv) << argv.message() << " in " << *text;
    return argv ? *argv : Strings{};
}

TEST(DesktopExecQuote, QuotesOnlyWhatNeedsIt) {
    EXPECT_EQ(core::quote_exec_argument("/opt/app/App.AppImage"), "/opt/app/App.AppImage");
    EXPECT_EQ(core::quote_exec_argument("100%"), "100%%");
    EXPECT_EQ(core::quote_exec_argument(""), "\"\"");
    EXPECT_EQ(core::quote_exec_argument("/my apps/App"), "\"/my apps/App\"");
    EXPECT_EQ(core::quote_exec_argument("a\"b`c$d\\e"), "\"a\\\"b\\`c\\$d\\\\e\"");
    EXPECT_EQ(core::quote_exec_argument("it's 50%"), "\"it's 50%%\"");
    EXPECT_EQ(core::quote_exec_argument("caf\xc3\xa9"), "caf\xc3\xa9");
    for (const char* reserved : {"a\tb", "a\nb", "a>b", "a<b", "~a", "a|b", "a&b", "a;b", "a*",
                                 "a?", "#a", "(a)", "a\rb", "a\x01"}) {
        std::string quoted = core::quote_exec_argument(reserved);
        EXPECT_EQ(quoted.front(), '"') << reserved;
        EXPECT_EQ(quoted.back(), '"') << reserved;
    }
    EXPECT_EQ(core::quote_exec_command({"/a b/App", "--x", "%F"}), "\"/a b/App\" --x %%F");
}

TEST(DesktopExecQuote, EveryArgumentComesBackWholeFromTheParser) {
    Strings tricky = {"/home/u/My Apps/App.AppImage",
                      "it's",
                      "say \"hi\"",
                      "$HOME",
                      "`id`",
                      "back\\slash",
                      "double\\\\back",
                      "100%",
                      "%F",
                      "%%",
                      "tab\there",
                      "new\nline",
                      "carriage\rreturn",
                      "caf\xc3\xa9 \xe2\x9c\x93",
                      "",
                      " lead and trail ",
                      "\\s\\n",
                      "a=b;c",
                      "--flag"};
    EXPECT_EQ(through_a_desktop_file(core::quote_exec_command(tricky)), tricky);
    for (const auto& one : tricky) {
        EXPECT_EQ(through_a_desktop_file(core::quote_exec_command({"/bin/app", one})),
                  (Strings{"/bin/app", one}))
            << one;
    }
}

TEST(DesktopExecQuote, ReplacingTheProgramKeepsTheRestAndItsFieldCodes) {
    std::string appimage = "/home/u/50% off/it's \"$App\".AppImage";
    auto exec = core::replace_exec_program("hello --open %F --end", {appimage});
    ASSERT_TRUE(exec) << exec.message();
    EXPECT_EQ(*exec, "\"/home/u/50%% off/it's \\\"\\$App\\\".AppImage\" --open %F --end");
    EXPECT_EQ(through_a_desktop_file(*exec, {"a b", "c"}),
              (Strings{appimage, "--open", "a b", "c", "--end"}));

    auto action = core::replace_exec_program("\"my tool\"\t\"--new window\" %u", {"/opt/App"});
    ASSERT_TRUE(action) << action.message();
    EXPECT_EQ(*action, "/opt/App\t\"--new window\" %u");
    EXPECT_EQ(through_a_desktop_file(*action, {"x"}), (Strings{"/opt/App", "--new window", "x"}));

    auto bare = core::replace_exec_program("  hello", {"/opt/App"});
    auto wrapped = core::replace_exec_program("hello %U", {"/bin/sh", "-c", "exec \"$0\"", "/a b"});
    ASSERT_TRUE(wrapped) << wrapped.message();
    EXPECT_EQ(*wrapped, "/bin/sh -c \"exec \\\"\\$0\\\"\" \"/a b\" %U");
    ASSERT_TRUE(bare) << bare.message();
    EXPECT_EQ(*bare, "/opt/App");

    for (const char* bad : {"", "   ", "\"open", "a\"b\""}) {
        EXPECT_FALSE(core::replace_exec_program(bad, {"/opt/App"})) << bad;
    }
}

}  // namespace
}  // namespace squashrun
