// Writing desktop files: escaping, setting values, and text that reads back as written.
#include "core/desktop/write.hpp"

#include <gtest/gtest.h>

namespace squashrun {
namespace {

TEST(DesktopWrite, EscapesWhatAReaderWouldChange) {
    EXPECT_EQ(core::escape_desktop_value("My App"), "My App");
    EXPECT_EQ(core::escape_desktop_value("a\\b\nc\td\re"), "a\\\\b\\nc\\td\\re");
    EXPECT_EQ(core::escape_desktop_value("  two  sides  "), "\\s\\stwo  sides\\s\\s");
    EXPECT_EQ(core::escape_desktop_value("   "), "\\s\\s\\s");
    EXPECT_EQ(core::escape_desktop_value("caf\xc3\xa9 $x %f ;"), "caf\xc3\xa9 $x %f ;");
    for (const char* value : {"", " x", "x ", "\\s", "\\\\n", "a\n\nb", "\t lead", "end\\"}) {
        EXPECT_EQ(core::unescape_desktop_value(core::escape_desktop_value(value)), value) << value;
    }
}

// Found by fuzzing: a raw backslash before a carriage return inside a value (which a reader
// keeps as a backslash) must still read as one once the return is written as \r.
TEST(DesktopWrite, ABackslashBeforeALineBreakReadsBackTheSame) {
    for (const char* raw : {"a\\\rb", "a\\\\\rb", "\\\n\r\\\\\r\\"}) {
        core::DesktopFile file{{{"Desktop Entry", {{"Name", raw}}}}};
        auto text = core::write_desktop_file(file);
        ASSERT_TRUE(text) << text.message();
        auto again = core::parse_desktop_file(*text);
        ASSERT_TRUE(again) << again.message();
        EXPECT_EQ(again->entry("Name"), file.entry("Name")) << *text;
    }
}

TEST(DesktopWrite, SetReplacesInPlaceOrAppends) {
    core::DesktopGroup group{"Desktop Entry", {{"Type", "Application"}, {"Name", "Old"}}};
    core::set_desktop_value(group, "Name", "New Name ");
    core::set_desktop_value(group, "X-AppImage-Identifier", "abc");
    ASSERT_EQ(group.entries.size(), 3U);
    EXPECT_EQ(group.entries[1], (std::pair<std::string, std::string>{"Name", "New Name\\s"}));
    EXPECT_EQ(group.entries[2].first, "X-AppImage-Identifier");
    EXPECT_EQ(group.value("Name"), "New Name ");
}

TEST(DesktopWrite, TextReadsBackWithTheSameGroupsAndEntries) {
    const char* text =
        "# dropped comment\n"
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=Hello\n"
        "Name[de]=Hallo\\sWelt\n"
        "Exec=hello %F\n"
        "Actions=New;\n"
        "\n"
        "[Desktop Action New]\n"
        "Name=New Window\n"
        "Exec=hello --new\n";
    auto parsed = core::parse_desktop_file(text);
    ASSERT_TRUE(parsed) << parsed.message();
    auto written = core::write_desktop_file(*parsed);
    ASSERT_TRUE(written) << written.message();
    EXPECT_EQ(*written,
              "[Desktop Entry]\nType=Application\nName=Hello\nName[de]=Hallo\\sWelt\n"
              "Exec=hello %F\nActions=New;\n\n[Desktop Action New]\nName=New Window\n"
              "Exec=hello --new\n");
    auto again = core::parse_desktop_file(*written);
    ASSERT_TRUE(again) << again.message();
    ASSERT_EQ(again->groups.size(), parsed->groups.size());
    for (size_t i = 0; i < parsed->groups.size(); ++i) {
        EXPECT_EQ(again->groups[i].name, parsed->groups[i].name);
        EXPECT_EQ(again->groups[i].entries, parsed->groups[i].entries);
    }
}

TEST(DesktopWrite, NoValueCanAddALineOrAKey) {
    core::DesktopFile file;
    file.groups.push_back({"Desktop Entry", {}});
    core::set_desktop_value(file.groups[0], "Name", "App\nExec=evil\r\n[Desktop Action X]");
    file.groups[0].entries.emplace_back("Comment", "raw\nTerminal=true");
    auto written = core::write_desktop_file(file);
    ASSERT_TRUE(written) << written.message();
    auto parsed = core::parse_desktop_file(*written);
    ASSERT_TRUE(parsed) << parsed.message() << "\n" << *written;
    ASSERT_EQ(parsed->groups.size(), 1U);
    EXPECT_EQ(parsed->groups[0].entries.size(), 2U) << *written;
    EXPECT_EQ(parsed->entry("Name"), "App\nExec=evil\r\n[Desktop Action X]");
    EXPECT_EQ(parsed->entry("Exec"), std::nullopt);
    EXPECT_EQ(parsed->entry("Terminal"), std::nullopt);
}

TEST(DesktopWrite, RefusesNamesThatWouldNotReadBack) {
    const std::pair<core::DesktopGroup, const char*> cases[] = {
        {{"Desktop Entry", {{"Bad Key", "x"}}}, "invalid key 'Bad Key' in [Desktop Entry]"},
        {{"Desktop Entry", {{"Name\nExec", "x"}}}, "invalid key 'Name\\nExec' in [Desktop Entry]"},
        {{"Desktop]\n[Entry", {}}, "invalid group name [Desktop]\\n[Entry]"},
        {{"", {}}, "invalid group name []"},
    };
    for (const auto& [group, message] : cases) {
        core::DesktopFile file{{group}};
        auto written = core::write_desktop_file(file);
        ASSERT_FALSE(written) << message;
        EXPECT_EQ(written.message(), message);
    }
}

}  // namespace
}  // namespace squashrun
