// Icon lookup over an in-memory AppDir: the root, the themes and their ranking, image sniffing.
#include "core/desktop/icon.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "memory_tree.hpp"

namespace squashrun {
namespace {

using Strings = std::vector<std::string>;
using test::MemoryTree;

constexpr const char* kThemes = "usr/share/icons/hicolor/";

TEST(DesktopIcon, TheRootComesFirstInExtensionOrder) {
    MemoryTree tree;
    tree.file("hello.xpm").file("hello.svg").file(std::string(kThemes) + "scalable/apps/hello.svg");
    EXPECT_EQ(*core::find_icon(tree, "hello.desktop", "hello"), "hello.svg");
    tree.file("hello.png");
    EXPECT_EQ(*core::find_icon(tree, "hello.desktop", "hello"), "hello.png");
    tree.file("hello.svg.png");
    EXPECT_EQ(*core::find_icon(tree, "hello.desktop", "hello.svg"), "hello.svg")
        << "a name with an extension is tried as it is first";
}

TEST(DesktopIcon, ThemeIconsRankScalableThenLargerSizes) {
    MemoryTree tree;
    tree.file(std::string(kThemes) + "48x48/apps/hello.png")
        .file(std::string(kThemes) + "256x256/apps/hello.png")
        .file(std::string(kThemes) + "32x32/apps/hello.xpm")
        .file(std::string(kThemes) + "512x512/apps/hello-symbolic.png");
    EXPECT_EQ(*core::find_icon(tree, "hello.desktop", "hello"),
              std::string(kThemes) + "256x256/apps/hello.png");
    tree.file(std::string(kThemes) + "scalable/apps/hello.svgz");
    EXPECT_EQ(*core::find_icon(tree, "hello.desktop", "hello"),
              std::string(kThemes) + "scalable/apps/hello.svgz");
}

TEST(DesktopIcon, ASymlinkedShareIsResolvedFirst) {
    MemoryTree tree;
    tree.file("opt/share/icons/hicolor/64x64/apps/hello.png").link("usr/share", "../opt/share");
    EXPECT_EQ(*core::find_icon(tree, "hello.desktop", "hello"),
              "opt/share/icons/hicolor/64x64/apps/hello.png");
}

TEST(DesktopIcon, ErrorsNameTheDesktopFile) {
    MemoryTree tree;
    tree.file("usr/share/icons/hicolor/48x48/apps/other.png");
    EXPECT_EQ(core::find_icon(tree, "hello.desktop", "hello").message(),
              "AppDir/hello.desktop: Icon=hello not found (looked for hello.png/.svg/.xpm at the "
              "root and under usr/share/icons)");
    for (const char* bad : {"", "/usr/share/pixmaps/x.png", "icons/x"}) {
        EXPECT_EQ(core::find_icon(tree, "hello.desktop", bad).message(),
                  "AppDir/hello.desktop: Icon=" + std::string(bad) +
                      " must be an icon name (no path, no extension needed)");
    }
}

TEST(DesktopIcon, FindThemeIconsTakesExactNamesAndStopsEightLevelsDown) {
    MemoryTree tree;
    tree.file("t/a/hello.png")
        .file("t/a/hello.png.bak")
        .file("t/a/xhello.png")
        .file("t/b/hello.svg")
        .file("t/1/2/3/4/5/6/7/8/hello.png")
        .file("t/1/2/3/4/5/6/7/8/9/hello.png")
        .dir("t/hello.xpm")
        .link("t/linked", "a");
    auto found = core::find_theme_icons(tree, "t", "hello");
    std::sort(found.begin(), found.end());
    EXPECT_EQ(found, (Strings{"t/1/2/3/4/5/6/7/8/hello.png", "t/a/hello.png", "t/b/hello.svg"}));
}

TEST(DesktopIcon, RankAndImageSniffing) {
    EXPECT_EQ(core::icon_rank("icons/hicolor/scalable/apps/a.svg"), 1000);
    EXPECT_EQ(core::icon_rank("icons/hicolor/128x128/apps/a.png"), 128);
    EXPECT_EQ(core::icon_rank("icons/hicolor/xx/16x16@2/apps/a.png"), 16);
    EXPECT_EQ(core::icon_rank("a.png"), 0);

    EXPECT_TRUE(core::looks_like_image(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)));
    EXPECT_TRUE(core::looks_like_image("\x1f\x8b\x08"));
    EXPECT_TRUE(core::looks_like_image("/* XPM */\nstatic char* x[] = {"));
    EXPECT_TRUE(core::looks_like_image("<?xml version=\"1.0\"?>\n<svg xmlns=\"...\">"));
    for (const char* not_image : {"", "just text", "\x89PNG", "<html></html>"}) {
        EXPECT_FALSE(core::looks_like_image(not_image)) << not_image;
    }
}

}  // namespace
}  // namespace squashrun
