// The signed header: round trip, "not signed", and refusal of anything changed or unknown.
#include "core/sign/header.hpp"

#include <gtest/gtest.h>

#include <cstring>

namespace squashrun::core {
namespace {

SignedHeader example() {
    SignedHeader h;
    h.payload_offset = 1900544;
    h.payload_length = 3 * kDefaultChunkSize + 100;
    h.chunk_count = 4;
    h.table_offset = h.payload_offset + h.payload_length + 4000;
    h.index_hash[0] = 1;
    h.runtime_hash[0] = 2;
    h.update_info_hash[0] = 3;
    h.app_identity = "org.example.Hello";
    h.app_version = "1.2.3";
    return h;
}

std::vector<std::byte> section_of(const std::vector<std::byte>& header) {
    std::vector<std::byte> section(1024);
    std::memcpy(section.data(), header.data(), header.size());
    return section;
}

TEST(SignedHeader, RoundTripsWithTheSignersKey) {
    SecretKey key = generate_secret_key();
    auto bytes = sign_header(example(), key);
    ASSERT_TRUE(bytes) << bytes.message();
    ASSERT_EQ(bytes->size(), kSignedHeaderBytes);
    auto parsed = parse_signed_header(section_of(*bytes));
    ASSERT_TRUE(parsed) << parsed.message();
    ASSERT_TRUE(parsed->has_value());
    const SignedHeader& h = **parsed;
    EXPECT_EQ(h.payload_offset, 1900544U);
    EXPECT_EQ(h.chunk_count, 4U);
    EXPECT_EQ(h.app_identity, "org.example.Hello");
    EXPECT_EQ(h.app_version, "1.2.3");
    EXPECT_EQ(h.key_id, key.key_id);
    EXPECT_EQ(h.public_key, key.public_key().key);
    EXPECT_EQ(h.update_info_hash[0], 3);
}

TEST(SignedHeader, ZerosMeanNotSigned) {
    auto parsed = parse_signed_header(std::vector<std::byte>(1024));
    ASSERT_TRUE(parsed);
    EXPECT_FALSE(parsed->has_value());
}

TEST(SignedHeader, EveryChangedByteIsRefused) {
    auto bytes = sign_header(example(), generate_secret_key());
    ASSERT_TRUE(bytes);
    for (size_t at = 0; at < 1024; at += 7) {
        auto section = section_of(*bytes);
        section[at] ^= std::byte{0x20};
        EXPECT_FALSE(parse_signed_header(section)) << "byte " << at;
    }
}

TEST(SignedHeader, UnknownVersionsAndInconsistentLayoutsFail) {
    SecretKey key = generate_secret_key();
    for (uint32_t version : {1u, 3u}) {  // 1: a table without an index
        SignedHeader other = example();
        other.version = version;
        auto parsed = parse_signed_header(section_of(*sign_header(other, key)));
        ASSERT_FALSE(parsed);
        EXPECT_NE(parsed.message().find("version " + std::to_string(version) + " is not known"),
                  std::string::npos)
            << parsed.message();
    }

    SignedHeader flagged = example();
    flagged.flags = 1;
    EXPECT_FALSE(parse_signed_header(section_of(*sign_header(flagged, key))));

    SignedHeader overlapping = example();
    overlapping.table_offset = overlapping.payload_offset + 10;
    EXPECT_FALSE(parse_signed_header(section_of(*sign_header(overlapping, key))));

    SignedHeader miscounted = example();
    miscounted.chunk_count = 3;
    EXPECT_FALSE(parse_signed_header(section_of(*sign_header(miscounted, key))));

    SignedHeader odd_chunks = example();
    odd_chunks.chunk_size = 5000;
    EXPECT_FALSE(parse_signed_header(section_of(*sign_header(odd_chunks, key))));
    EXPECT_FALSE(parse_signed_header(std::vector<std::byte>(100, std::byte{1})));
}

TEST(SignedHeader, TheIndexFollowsTheTableWithAHashForEachPage) {
    SignedHeader h = example();
    h.payload_length = 129 * uint64_t{kDefaultChunkSize};  // one page and one hash more
    h.chunk_count = chunk_count_for(h.payload_length, h.chunk_size);
    EXPECT_EQ(table_bytes(h), 129 * kChunkHashBytes);
    EXPECT_EQ(table_page_count(h), 2U);
    EXPECT_EQ(index_offset(h), h.table_offset + 129 * kChunkHashBytes);
    EXPECT_EQ(index_bytes(h), 2 * kChunkHashBytes);
}

TEST(SignedHeader, ChunkCountsRoundUp) {
    EXPECT_EQ(chunk_count_for(0, 65536), 0U);
    EXPECT_EQ(chunk_count_for(1, 65536), 1U);
    EXPECT_EQ(chunk_count_for(65536, 65536), 1U);
    EXPECT_EQ(chunk_count_for(65537, 65536), 2U);
}

}  // namespace
}  // namespace squashrun::core
