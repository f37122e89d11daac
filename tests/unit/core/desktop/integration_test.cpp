// Desktop integration values: libappimage's names, the rewritten entry (read back through
// the parser), refusals, the created-directory record and icon placement.
#include "core/desktop/integration.hpp"

#include <gtest/gtest.h>

#include "core/apprun/desktop_exec.hpp"

namespace squashrun {
namespace {

core::DesktopFile parse(const std::string& text) {
    auto file = core::parse_desktop_file(text);
    EXPECT_TRUE(file) << file.message();
    return file ? *file : core::DesktopFile{};
}

core::EntryRequest request_for(const std::string& appimage) {
    return {appimage,
            core::appimage_identifier(appimage),
            "app.desktop",
            {"applications", "icons", "applications"}};
}

const char* kEntry =
    "[Desktop Entry]\n"
    "Type=Application\n"
    "Name=My App\n"
    "Name[de]=Meine App\n"
    "Exec=myapp --flag %U\n"
    "Icon=myapp\n"
    "DBusActivatable=true\n"
    "Actions=New;\n"
    "\n"
    "[Desktop Action New]\n"
    "Name=New window\n"
    "Exec=myapp --new\n"
    "Icon=myapp-new\n";

TEST(DesktopIntegration, IdentifierIsLibappimagesMd5OfTheFileUri) {
    // md5sum of "file:///home/user/My App.AppImage"
    EXPECT_EQ(core::appimage_identifier("/home/user/My App.AppImage"),
              "55bc5e03df9b124a9c15da509ee264cf");
    EXPECT_EQ(core::integration_prefix("abc"), "appimagekit_abc");
    EXPECT_EQ(core::integrated_file_name("abc", "my icon/../x.png"),
              "appimagekit_abc_my_icon_.._x.png");
    EXPECT_EQ(core::sanitize_file_name("Ünï code;$`\n"), "__n___code____");
}

TEST(DesktopIntegration, EntryStartsTheAppImageAndRenamesIcons) {
    std::string appimage = "/home/user/Apps/My App.AppImage";
    auto request = request_for(appimage);
    auto integrated = core::integrate_desktop_entry(parse(kEntry), request);
    ASSERT_TRUE(integrated) << integrated.message();
    EXPECT_EQ(integrated->file_name, "appimagekit_" + request.id + "-My_App.desktop");
    core::DesktopFile out = parse(integrated->text);
    EXPECT_EQ(out.entry("Exec"), "\"" + appimage + "\" --flag %U");
    EXPECT_EQ(out.entry("TryExec"), appimage);
    EXPECT_EQ(out.entry("Icon"), "appimagekit_" + request.id + "_myapp");
    EXPECT_EQ(out.entry("X-AppImage-Old-Icon"), "myapp");
    EXPECT_EQ(out.entry("X-AppImage-Identifier"), request.id);
    EXPECT_EQ(out.entry("X-Squashrun-Desktop-File"), "app.desktop");
    EXPECT_EQ(out.entry("DBusActivatable"), std::nullopt);
    EXPECT_EQ(out.entry("Name"), "My App");
    EXPECT_EQ(core::recorded_created_dirs(out),
              (std::vector<std::string>{"applications", "icons"}));
    const core::DesktopGroup* action = out.group("Desktop Action New");
    ASSERT_NE(action, nullptr);
    EXPECT_EQ(action->value("Exec"), "\"" + appimage + "\" --new");
    EXPECT_EQ(action->value("Icon"), "appimagekit_" + request.id + "_myapp-new");
    EXPECT_EQ(action->value("TryExec"), std::nullopt);
}

TEST(DesktopIntegration, VersionGoesIntoEveryNameOnce) {
    auto integrated = core::integrate_desktop_entry(
        parse(std::string(kEntry).insert(16, "X-AppImage-Version=2.0\nName[fr]=App 2.0\n")),
        request_for("/a.AppImage"));
    ASSERT_TRUE(integrated) << integrated.message();
    core::DesktopFile out = parse(integrated->text);
    EXPECT_EQ(out.entry("Name"), "My App (2.0)");
    EXPECT_EQ(out.entry("Name[de]"), "Meine App (2.0)");
    EXPECT_EQ(out.entry("Name[fr]"), "App 2.0");  // already holds the version
    EXPECT_EQ(out.entry("X-AppImage-Old-Name"), "My App");
    EXPECT_EQ(out.entry("X-AppImage-Old-Name[de]"), "Meine App");
}

// Any path reads back, through the Exec= splitter, as the one program word.
TEST(DesktopIntegration, ExecQuotesEveryKindOfPath) {
    for (std::string dir : {"with space", "it's", "say \"hi\"", "$HOME", "back`tick", "back\\slash",
                            "100%", "tab\there", "new\nline", "caf\xc3\xa9"}) {
        std::string appimage = "/tmp/" + dir + "/App.AppImage";
        auto integrated = core::integrate_desktop_entry(parse(kEntry), request_for(appimage));
        ASSERT_TRUE(integrated) << integrated.message();
        core::DesktopFile out = parse(integrated->text);
        ASSERT_EQ(out.groups.size(), 2U) << integrated->text;
        EXPECT_EQ(out.entry("TryExec"), appimage);
        auto words = core::exec_command_line(*out.entry("Exec"), {"user arg"}, {});
        ASSERT_TRUE(words) << words.message();
        std::vector<std::string> expected = {appimage, "--flag", "user arg"};
        if (dir == "100%")
            expected.insert(expected.begin(), {"/bin/sh", "-c", "exec \"$0\" \"$@\""});
        EXPECT_EQ(*words, expected) << dir;
    }
}

TEST(DesktopIntegration, ValuesCannotAddLinesOrKeys) {
    core::DesktopFile file = parse(kEntry);
    // A parsed value cannot hold a raw newline; a crafted one set through the API cannot
    // escape either.
    file.groups[0].entries.emplace_back("Comment", "x\nExec=evil\n[Desktop Action Evil]");
    auto integrated =
        core::integrate_desktop_entry(file, request_for("/tmp/x\nExec=evil/App.AppImage"));
    ASSERT_TRUE(integrated) << integrated.message();
    core::DesktopFile out = parse(integrated->text);
    EXPECT_EQ(out.groups.size(), 2U);
    EXPECT_EQ(out.entry("Exec"), "\"/tmp/x\nExec=evil/App.AppImage\" --flag %U");
    EXPECT_EQ(out.entry("Comment"), "x\nExec=evil\n[Desktop Action Evil]");
}

TEST(DesktopIntegration, RefusesWhatCannotBeIntegrated) {
    auto no_name =
        core::integrate_desktop_entry(parse("[Desktop Entry]\nExec=x\n"), request_for("/a"));
    EXPECT_EQ(no_name.message(), "[Desktop Entry] has no Name");
    auto no_exec =
        core::integrate_desktop_entry(parse("[Desktop Entry]\nName=x\n"), request_for("/a"));
    EXPECT_EQ(no_exec.message(), "[Desktop Entry] has no Exec");
    auto icon_path = core::integrate_desktop_entry(
        parse("[Desktop Entry]\nName=x\nExec=x\nIcon=../../x\n"), request_for("/a"));
    EXPECT_FALSE(icon_path);
    EXPECT_NE(icon_path.message().find("Icon is a path"), std::string::npos);
    auto bad_exec = core::integrate_desktop_entry(parse("[Desktop Entry]\nName=x\nExec=\"x\n"),
                                                  request_for("/a"));
    EXPECT_FALSE(bad_exec);

    EXPECT_EQ(core::integration_refusal(parse(kEntry)), std::nullopt);
    EXPECT_NE(core::integration_refusal(parse("[Desktop Entry]\nX-AppImage-Integrate=false\n")),
              std::nullopt);
    EXPECT_NE(core::integration_refusal(parse("[Desktop Entry]\nNoDisplay=true\n")), std::nullopt);
    EXPECT_EQ(core::integration_refusal(parse("[Desktop Entry]\nNoDisplay=false\n")), std::nullopt);
}

TEST(DesktopIntegration, CreatedDirsRecordKeepsOnlyPlainRelativePaths) {
    core::DesktopFile file = parse(
        "[Desktop Entry]\nX-Squashrun-Created-Dirs=icons;icons/hicolor;/etc;../x;a/./b;;mime;\n");
    EXPECT_EQ(core::recorded_created_dirs(file),
              (std::vector<std::string>{"icons", "icons/hicolor", "mime"}));
}

std::string png_head(uint32_t width) {
    std::string head = "\x89PNG\r\n\x1a\n";
    head += std::string("\0\0\0\x0dIHDR", 8);
    for (int shift : {24, 16, 8, 0})
        head += static_cast<char>(width >> shift & 0xff);
    head += head.substr(16, 4);
    return head;
}

TEST(DesktopIntegration, IconsArePlacedByTheirRealSize) {
    EXPECT_TRUE(core::is_icon_size_dir("48x48"));
    EXPECT_TRUE(core::is_icon_size_dir("256x256@2"));
    EXPECT_TRUE(core::is_icon_size_dir("scalable"));
    for (const char* bad : {"48x32", "x", "48", "../48x48", "48x48@", "99999x99999", "a;b"})
        EXPECT_FALSE(core::is_icon_size_dir(bad)) << bad;
    EXPECT_EQ(core::place_icon(png_head(48))->size_dir, "48x48");
    EXPECT_EQ(core::place_icon(png_head(48))->extension, ".png");
    EXPECT_EQ(core::place_icon(png_head(100))->size_dir, "96x96");
    EXPECT_EQ(core::place_icon(png_head(160))->size_dir, "192x192");  // a tie: the larger
    EXPECT_EQ(core::place_icon(png_head(4000))->size_dir, "512x512");
    EXPECT_EQ(core::place_icon(png_head(1))->size_dir, "16x16");
    EXPECT_FALSE(core::place_icon(png_head(0)));
    auto svg = core::place_icon("<?xml version=\"1.0\"?>\n<svg xmlns=\"...\">");
    ASSERT_TRUE(svg);
    EXPECT_EQ(svg->size_dir, "scalable");
    EXPECT_EQ(svg->extension, ".svg");
    EXPECT_FALSE(core::place_icon("GIF89a"));
    EXPECT_FALSE(core::place_icon(png_head(48).substr(0, 20)));
}

}  // namespace
}  // namespace squashrun
