// Desktop Entry parsing: groups, keys, locales, escapes, and errors naming the line.
#include "core/desktop/entry.hpp"

#include <gtest/gtest.h>

namespace squashrun {
namespace {

TEST(Desktop, ParsesGroupsKeysLocalesAndEscapes) {
    auto file = core::parse_desktop_file(
        "# comment\n"
        "\n"
        "[Desktop Entry]\r\n"
        "Type=Application\n"
        "Name = My App \n"
        "Name[de_DE@euro]=Meine App\n"
        "Comment=first\\sline\\nsecond\\\\third\\;\n"
        "Exec=app %F\n"
        "[Desktop Action New]\n"
        "Name=New\n");
    ASSERT_TRUE(file) << file.message();
    EXPECT_EQ(file->groups.size(), 2U);
    EXPECT_EQ(file->entry("Name"), "My App");
    EXPECT_EQ(file->entry("Name[de_DE@euro]"), "Meine App");
    EXPECT_EQ(file->entry("Comment"), "first line\nsecond\\third\\;");
    EXPECT_EQ(file->entry("Icon"), std::nullopt);
    ASSERT_NE(file->group("Desktop Action New"), nullptr);
    EXPECT_EQ(file->group("Desktop Action New")->entries[0].second, "New");
}

TEST(Desktop, ErrorsNameTheLine) {
    const std::pair<const char*, const char*> cases[] = {
        {"Name=x\n[Desktop Entry]\n", "line 1: entry before any group header"},
        {"[Other]\nName=x\n", "line 1: the first group must be [Desktop Entry]"},
        {"[Desktop Entry]\nName\n", "line 2: not a key=value line"},
        {"[Desktop Entry]\nName=a\nName=b\n", "line 3: key Name appears twice"},
        {"[Desktop Entry]\n[Desktop Entry]\n", "line 2: group [Desktop Entry] appears twice"},
        {"[Desktop Entry]\nBad_Key=x\n", "line 2: invalid key 'Bad_Key'"},
        {"[Desktop Entry]\nName[=x\n", "line 2: invalid key 'Name['"},
        {"[Desktop Entry\n", "line 1: bad group header"},
        {"# only a comment\n", "no [Desktop Entry] group"},
    };
    for (const auto& [text, error] : cases) {
        auto file = core::parse_desktop_file(text);
        ASSERT_FALSE(file) << text;
        EXPECT_EQ(file.message(), error) << text;
    }
}

}  // namespace
}  // namespace squashrun
