// Default AppImage names from name, version and architecture.
#include "core/format/name.hpp"

#include <gtest/gtest.h>

namespace squashrun {
namespace {

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
