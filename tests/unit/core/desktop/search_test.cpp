// The one-desktop-file rule over an in-memory AppDir.
#include "core/desktop/search.hpp"

#include <gtest/gtest.h>

#include "memory_tree.hpp"

namespace squashrun {
namespace {

using Strings = std::vector<std::string>;
using test::MemoryTree;

TEST(DesktopSearch, OnlyNamedDesktopFilesAtTheRootCountSorted) {
    MemoryTree tree;
    tree.file("b.desktop")
        .file("a.desktop")
        .file(".desktop")
        .file("c.desktop.bak")
        .file("desktop")
        .file("usr/share/applications/d.desktop");
    EXPECT_EQ(core::root_desktop_files(tree), (Strings{"a.desktop", "b.desktop"}));
    EXPECT_EQ(core::root_desktop_files(MemoryTree()), Strings{});
}

TEST(DesktopSearch, ExactlyOneOrAMessageNamingTheRoot) {
    MemoryTree one;
    one.file("hello.desktop").file("hello.png");
    auto found = core::find_desktop_file(one);
    ASSERT_TRUE(found) << found.message();
    EXPECT_EQ(*found, "hello.desktop");

    MemoryTree none;
    none.file("AppRun");
    EXPECT_EQ(core::find_desktop_file(none).message(), "AppDir: no .desktop file at the root");

    MemoryTree two;
    two.file("other.desktop").file("hello.desktop");
    EXPECT_EQ(core::find_desktop_file(two).message(),
              "AppDir: 2 .desktop files at the root (hello.desktop, other.desktop); keep "
              "exactly one");
}

}  // namespace
}  // namespace squashrun
