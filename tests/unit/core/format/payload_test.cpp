// Type 2 magic and squashfs superblock checks.
#include "core/format/payload.hpp"

#include <gtest/gtest.h>

#include "elf_builder.hpp"

namespace squashrun {
namespace {

using core::MemorySource;
using test::store_le;

// A valid-looking squashfs 4.0 superblock followed by `extra` bytes of image.
std::vector<std::byte> superblock(uint16_t compression = 6, uint64_t extra = 200) {
    std::vector<std::byte> sb(96 + extra);
    store_le(sb, 0, 0x73717368, 4);
    store_le(sb, 12, 131072, 4);
    store_le(sb, 20, compression, 2);
    store_le(sb, 22, 17, 2);
    store_le(sb, 28, 4, 2);
    store_le(sb, 30, 0, 2);
    store_le(sb, 40, 96 + extra, 8);
    return sb;
}

std::vector<std::byte> appimage(const std::vector<std::byte>& payload) {
    auto file = test::build_elf({{".upd_info", std::vector<std::byte>(1024)}});
    file[8] = std::byte{'A'};
    file[9] = std::byte{'I'};
    file[10] = std::byte{2};
    file.insert(file.end(), payload.begin(), payload.end());
    return file;
}

TEST(Payload, FindsSuperblockAtEndOfElf) {
    auto file = appimage(superblock());
    auto layout = core::read_type2_layout(MemorySource(file));
    ASSERT_TRUE(layout) << layout.message();
    EXPECT_EQ(layout->payload_offset, file.size() - superblock().size());
    auto sb = core::read_superblock(MemorySource(file), layout->payload_offset);
    ASSERT_TRUE(sb) << sb.message();
    EXPECT_EQ(sb->compression, 6);
    EXPECT_STREQ(core::compression_name(sb->compression), "zstd");
    EXPECT_EQ(sb->block_size, 131072U);
}

TEST(Payload, RequiresTheMagic) {
    auto file = appimage(superblock());
    file[10] = std::byte{1};  // type 1
    auto layout = core::read_type2_layout(MemorySource(file));
    ASSERT_FALSE(layout);
    EXPECT_NE(layout.message().find("type 2"), std::string::npos);
}

TEST(Payload, NoPayload) {
    auto file = appimage({});
    auto layout = core::read_type2_layout(MemorySource(file));
    ASSERT_TRUE(layout);
    auto sb = core::read_superblock(MemorySource(file), layout->payload_offset);
    ASSERT_FALSE(sb);
    EXPECT_NE(sb.message().find("no payload"), std::string::npos);
}

struct BadSuperblock {
    const char* what;
    size_t at;
    uint64_t value;
    size_t width;
    const char* expect;
};

class SuperblockErrors : public testing::TestWithParam<BadSuperblock> {};

TEST_P(SuperblockErrors, AreReported) {
    const BadSuperblock& c = GetParam();
    auto sb = superblock();
    store_le(sb, c.at, c.value, c.width);
    auto result = core::read_superblock(MemorySource(sb), 0);
    ASSERT_FALSE(result) << c.what;
    EXPECT_NE(result.message().find(c.expect), std::string::npos) << result.message();
}

INSTANTIATE_TEST_SUITE_P(
    Payload, SuperblockErrors,
    testing::Values(BadSuperblock{"magic", 0, 0x12345678, 4, "not a squashfs"},
                    BadSuperblock{"version 3", 28, 3, 2, "version 3.0"},
                    BadSuperblock{"unknown compression", 20, 9, 2, "compression id 9"},
                    BadSuperblock{"block size mismatch", 12, 4096, 4, "block size"},
                    BadSuperblock{"block log too large", 22, 30, 2, "block size"},
                    BadSuperblock{"bytes_used past end", 40, 100000, 8, "truncated"},
                    BadSuperblock{"bytes_used overflows", 40, ~0ULL, 8, "truncated"},
                    BadSuperblock{"bytes_used too small", 40, 10, 8, "corrupt"}));

TEST(Payload, TruncatedSuperblock) {
    auto sb = superblock();
    sb.resize(50);
    auto result = core::read_superblock(MemorySource(sb), 0);
    ASSERT_FALSE(result);
    EXPECT_NE(result.message().find("truncated"), std::string::npos);
}

TEST(Payload, OffsetPastEnd) {
    auto sb = superblock();
    EXPECT_FALSE(core::read_superblock(MemorySource(sb), ~0ULL));
    EXPECT_FALSE(core::read_superblock(MemorySource(sb), sb.size() - 10));
}

}  // namespace
}  // namespace squashrun
