// resolve(): symlinks followed inside a tree, and every way out refused with its reason.
#include "core/format/tree.hpp"

#include <gtest/gtest.h>

#include "memory_tree.hpp"

namespace squashrun {
namespace {

using test::MemoryTree;

TEST(FormatTree, ResolvesRelativeLinksAndDotDot) {
    MemoryTree tree;
    tree.file("usr/bin/app", "", 0755)
        .link("AppRun", "usr/bin/app")
        .link("usr/lib", "../usr/./bin")
        .link("share", "usr")
        .link("chain", "AppRun");
    EXPECT_EQ(*core::resolve(tree, "AppRun"), "usr/bin/app");
    EXPECT_EQ(*core::resolve(tree, "usr/lib/app"), "usr/bin/app");
    EXPECT_EQ(*core::resolve(tree, "share/bin/../bin/app"), "usr/bin/app");
    EXPECT_EQ(*core::resolve(tree, "chain"), "usr/bin/app");
    EXPECT_EQ(*core::resolve(tree, "usr"), "usr");
    EXPECT_EQ(*core::resolve(tree, ""), "");
}

TEST(FormatTree, RefusesWhatLeavesTheTreeOrGoesNowhere) {
    MemoryTree tree;
    tree.file("usr/bin/app")
        .link("absolute", "/bin/true")
        .link("escaping", "../../bin/true")
        .link("dangling", "usr/bin/nothing/x")
        .link("loop", "loop")
        .link("through_file", "usr/bin/app/x");
    const std::pair<const char*, const char*> cases[] = {
        {"absolute",
         "AppDir/absolute: absolute symlink to /bin/true (it would point into the "
         "host)"},
        {"escaping", "AppDir/escaping: leads out of the AppDir"},
        {"dangling", "AppDir/dangling: leads to missing usr/bin/nothing"},
        {"missing", "AppDir/missing: missing"},
        {"loop", "AppDir/loop: symlink loop"},
        {"through_file", "AppDir/through_file: usr/bin/app is not a directory"},
        {"..", "AppDir/..: leads out of the AppDir"},
    };
    for (const auto& [path, message] : cases) {
        auto resolved = core::resolve(tree, path);
        ASSERT_FALSE(resolved) << path;
        EXPECT_EQ(resolved.message(), message);
    }
}

}  // namespace
}  // namespace squashrun
