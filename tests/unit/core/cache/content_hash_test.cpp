// Content hashes of byte ranges: a known value, ranges, one-byte changes, the hex shape.
#include "core/cache/content_hash.hpp"

#include <gtest/gtest.h>

namespace squashrun {
namespace {

core::MemorySource source_of(const std::string& text) {
    return core::MemorySource({reinterpret_cast<const std::byte*>(text.data()), text.size()});
}

TEST(ContentHash, KnownValueAndRange) {
    std::string text = "xxHash";
    auto source = source_of(text);
    auto whole = core::hash_range_hex(source, 0, text.size());
    ASSERT_TRUE(whole) << whole.message();
    EXPECT_TRUE(core::is_hash_hex(*whole));
    // XXH3-128 of the empty input, from the xxHash test vectors.
    auto empty = core::hash_range_hex(source, 3, 0);
    ASSERT_TRUE(empty);
    EXPECT_EQ(*empty, "99aa06d3014798d86001c324468d497f");
    EXPECT_FALSE(core::hash_range_hex(source, 1, text.size()));
}

TEST(ContentHash, OneByteChangeAcrossChunksChangesTheHash) {
    std::string big(3 * (1 << 20) + 123, 'a');
    auto before = core::hash_range_hex(source_of(big), 7, big.size() - 7);
    big[2 * (1 << 20) + 5] = 'b';
    auto after = core::hash_range_hex(source_of(big), 7, big.size() - 7);
    ASSERT_TRUE(before && after);
    EXPECT_NE(*before, *after);
    big[2 * (1 << 20) + 5] = 'a';
    EXPECT_EQ(*core::hash_range_hex(source_of(big), 7, big.size() - 7), *before);
}

TEST(ContentHash, HexShape) {
    EXPECT_TRUE(core::is_hash_hex("0123456789abcdef0123456789abcdef"));
    EXPECT_FALSE(core::is_hash_hex("0123456789ABCDEF0123456789abcdef"));
    EXPECT_FALSE(core::is_hash_hex("0123456789abcdef"));
    EXPECT_FALSE(core::is_hash_hex("../3456789abcdef0123456789abcdef"));
}

}  // namespace
}  // namespace squashrun
