// Desktop Entry parsing, update information forms, output names.
#include "core/desktop/entry.hpp"

#include <gtest/gtest.h>

#include "core/format/name.hpp"
#include "core/format/update_info.hpp"

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

TEST(UpdateInformation, AcceptsTheDocumentedForms) {
    for (const char* ok : {"zsync|https://example.org/App-latest-x86_64.AppImage.zsync",
                           "zsync|http://example.org/a.zsync",
                           "gh-releases-zsync|owner|repo|latest|App-*x86_64.AppImage.zsync",
                           "gh-releases-zsync|owner|repo|v1.2|App.AppImage.zsync",
                           "pling-v1-zsync|1234567|App-*-x86_64.AppImage"}) {
        auto st = core::check_update_information(ok);
        EXPECT_TRUE(st) << ok << ": " << (st ? "" : st.message());
    }
}

TEST(UpdateInformation, RejectsWhatToolsCannotUse) {
    const std::pair<std::string, const char*> cases[] = {
        {"zsync", "zsync needs 1 field after it"},
        {"zsync|https://", "with a host"},
        {"zsync|https://example.org/a b.zsync", "contains a space"},
        {"zsync|ftp://example.org/a.zsync", "http:// or https://"},
        {"gh-releases-zsync|owner|repo|latest", "needs 4 fields"},
        {"gh-releases-zsync|owner||latest|a.zsync", "field 2 is empty"},
        {"gh-releases-zsync|owner|repo|latest|App.AppImage", "must end in .zsync"},
        {"pling-v1-zsync|abc|App.AppImage", "content id must be a number"},
        {"bintray-zsync|a|b|c|d", "unknown transport 'bintray-zsync'"},
        {"", "unknown transport ''"},
        {"zsync|https://example.org/a\n.zsync", "control characters"},
        {"zsync|https://example.org/" + std::string(1100, 'a'), "longer than 1023 bytes"},
    };
    for (const auto& [text, error] : cases) {
        auto st = core::check_update_information(text);
        ASSERT_FALSE(st) << text;
        EXPECT_NE(st.message().find(error), std::string::npos) << st.message();
    }
}

TEST(AppImageName, FromNameVersionAndArch) {
    EXPECT_EQ(core::default_appimage_name("Hello World", "1.0", "x86_64"),
              "Hello_World-1.0-x86_64.AppImage");
    EXPECT_EQ(core::default_appimage_name("Tool", "", "aarch64"), "Tool-aarch64.AppImage");
    EXPECT_EQ(core::default_appimage_name("../evil/name", "1/2", "x86_64"),
              "..evilname-12-x86_64.AppImage");
    EXPECT_EQ(core::default_appimage_name("/", "", "x86_64"), "App-x86_64.AppImage");
    EXPECT_EQ(core::appimage_arch("i586"), "i686");
    EXPECT_EQ(core::appimage_arch("armv7l"), "armhf");
    EXPECT_EQ(core::appimage_arch("x86_64"), "x86_64");
    EXPECT_EQ(core::appimage_arch("riscv64"), "riscv64");
}

}  // namespace
}  // namespace squashrun
