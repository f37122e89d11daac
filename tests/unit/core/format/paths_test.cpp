// Entry-name safety and pattern selection.
#include "core/format/paths.hpp"

#include <gtest/gtest.h>

namespace squashrun {
namespace {

TEST(Paths, SafeEntryNames) {
    for (const char* ok : {"a", "usr", ".hidden", "...", "a b", "x..y", "\\"}) {
        EXPECT_TRUE(core::is_safe_entry_name(ok)) << ok;
    }
    for (std::string_view bad :
         {std::string_view(""), std::string_view("."), std::string_view(".."),
          std::string_view("a/b"), std::string_view("/"), std::string_view("../x"),
          std::string_view("a\0b", 3)}) {
        EXPECT_FALSE(core::is_safe_entry_name(bad)) << bad;
    }
}

TEST(Paths, PatternSelection) {
    EXPECT_TRUE(core::path_selected("anything/at/all", {}));
    const std::vector<std::string> usr = {"usr"};
    EXPECT_TRUE(core::path_selected("usr", usr));
    EXPECT_TRUE(core::path_selected("usr/bin/tool", usr)) << "a directory takes its contents";
    EXPECT_FALSE(core::path_selected("usrx", usr));
    EXPECT_FALSE(core::path_selected("opt/usr", usr));
    const std::vector<std::string> txt = {"*.txt"};
    EXPECT_TRUE(core::path_selected("a.txt", txt));
    EXPECT_FALSE(core::path_selected("dir/a.txt", txt)) << "* does not cross /";
    const std::vector<std::string> both = {"usr/*/tool", "*.desktop"};
    EXPECT_TRUE(core::path_selected("usr/bin/tool", both));
    EXPECT_TRUE(core::path_selected("app.desktop", both));
    EXPECT_FALSE(core::path_selected("usr/bin/other", both));
}

}  // namespace
}  // namespace squashrun
