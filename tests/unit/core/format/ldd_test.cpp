// ldd's report as glibc's ldd prints it.
#include "core/format/ldd.hpp"

#include <gtest/gtest.h>

namespace squashrun {
namespace {

TEST(Ldd, LibrariesLoaderAndMissingOnes) {
    auto libs = core::parse_ldd_output(
        "\tlinux-vdso.so.1 (0x00007ffd)\n"
        "\tlibz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x00007f84)\n"
        "\tlibfoo.so.2 => not found\n"
        "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f80)\n"
        "\t/lib64/ld-linux-x86-64.so.2 (0x00007f84e8d2f000)\n");
    EXPECT_EQ(libs.paths, (std::vector<std::string>{"/lib/x86_64-linux-gnu/libz.so.1",
                                                    "/lib/x86_64-linux-gnu/libc.so.6"}));
    EXPECT_EQ(libs.loader, "/lib64/ld-linux-x86-64.so.2");
    EXPECT_EQ(libs.missing, std::vector<std::string>{"libfoo.so.2"});
    auto none = core::parse_ldd_output("\tstatically linked\n");
    EXPECT_TRUE(none.paths.empty());
    EXPECT_EQ(none.loader, "");
}

}  // namespace
}  // namespace squashrun
