// Bytes spelled in hexadecimal, both ways.
#include "core/text/text.hpp"

#include <gtest/gtest.h>

namespace squashrun::core {
namespace {

TEST(Hex, BytesAreSpelledAsLowercaseDigitPairs) {
    EXPECT_EQ(hex_of(""), "");
    EXPECT_EQ(hex_of("usr/a b\n"), "7573722f6120620a");
    EXPECT_EQ(hex_of(std::string("\x00\xff\x10", 3)), "00ff10");
}

TEST(Hex, DigitPairsReadBackAsTheirBytes) {
    EXPECT_EQ(bytes_of_hex("7573722f6120620a"), "usr/a b\n");
    EXPECT_EQ(bytes_of_hex("00ff10"), std::string("\x00\xff\x10", 3));
    EXPECT_EQ(bytes_of_hex(""), "");
    for (const char* bad : {"6", "6g", "2E", " 2e", "2e ", "0x2e"})
        EXPECT_FALSE(bytes_of_hex(bad).has_value()) << bad;
}

}  // namespace
}  // namespace squashrun::core
