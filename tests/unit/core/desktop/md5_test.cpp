// MD5 against the RFC 1321 test suite and md5sum's answers around the padding boundaries.
#include "core/desktop/md5.hpp"

#include <gtest/gtest.h>

namespace squashrun {
namespace {

TEST(Md5, RfcTestSuite) {
    EXPECT_EQ(core::md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
    EXPECT_EQ(core::md5_hex("a"), "0cc175b9c0f1b6a831c399e269772661");
    EXPECT_EQ(core::md5_hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
    EXPECT_EQ(core::md5_hex("message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
    EXPECT_EQ(core::md5_hex("abcdefghijklmnopqrstuvwxyz"), "c3fcd3d76192e4007dfb496cca67e13b");
    EXPECT_EQ(core::md5_hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
              "d174ab98d277d9f5a5611c2c9f419d9f");
    EXPECT_EQ(core::md5_hex("123456789012345678901234567890123456789012345678901234567890123456"
                            "78901234567890"),
              "57edf4a22be3c955ac49da2e2107b67a");
}

// Lengths of 'a's on either side of the 56- and 64-byte padding boundaries (from md5sum).
TEST(Md5, PaddingBoundaries) {
    const std::pair<size_t, const char*> cases[] = {
        {55, "ef1772b6dff9a122358552954ad0df65"},  {56, "3b0c8ac703f828b04c6c197006d17218"},
        {63, "b06521f39153d618550606be297466d5"},  {64, "014842d480b571495a4a0363793f7367"},
        {65, "c743a45e0d2e6a95cb859adae0248435"},  {119, "8a7bd0732ed6a28ce75f6dabc90e1613"},
        {120, "5f61c0ccad4cac44c75ff505e1f1e537"}, {1000, "cabe45dcc9ae5b66ba86600cca6b8ba8"},
    };
    for (const auto& [length, digest] : cases)
        EXPECT_EQ(core::md5_hex(std::string(length, 'a')), digest) << length;
}

}  // namespace
}  // namespace squashrun
