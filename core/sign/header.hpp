// The signed header of a signed AppImage, kept in the runtime's reserved `.squashrun_sig`
// section, and the chunk table it vouches for. Layout (version 2, little-endian, the section
// zero-filled after it; a section of zeros means "not signed"):
//
//   0   8  magic "SQRUNSIG"          152   8  key id (minisign's)
//   8   4  version (2)                160  32  Ed25519 public key
//  12   4  flags (0; others fail)     192   1  app identity length, 193 255 bytes of it
//  16   2  hash: 1 = BLAKE2b-256       448   1  app version length, 449 63 bytes of it
//  18   2  signature: 1 = Ed25519      512  64  Ed25519 signature of bytes 0..511
//  20   4  chunk size (4 KiB..1 MiB, a power of two)
//  24   8  payload offset              56  32  hash of the table's index
//  32   8  payload length              88  32  hash of the runtime (bytes before the payload,
//  40   8  table offset                        .squashrun_sig and .upd_info zeroed)
//  48   8  chunk count                120  32  hash of the .upd_info section's bytes
//
// The payload (the squashfs image, as appended) is cut into chunks of `chunk size` bytes (the
// last one shorter); the table holds each chunk's BLAKE2b-256, 32 bytes a chunk, at `table
// offset` (after the payload, 4 KiB aligned), where squashfs readers never look. The table's
// index follows the table at once and ends the file: the BLAKE2b-256 of each 4 KiB page of the
// table (128 chunks' hashes; the last page shorter). The header signs the index's hash, so a
// launch checks the index only, and each page of the table when it first needs one: a 1 GiB
// payload's table is 512 KiB, its index 4 KiB.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/sign/minisign.hpp"

namespace squashrun::core {

inline constexpr std::string_view kSignedHeaderSection = ".squashrun_sig";
inline constexpr size_t kSignedHeaderBytes = 576;  // of the section's 1024
inline constexpr uint32_t kDefaultChunkSize = 64 * 1024;
inline constexpr size_t kChunkHashBytes = 32;
inline constexpr uint32_t kSignedFormatVersion = 2;
inline constexpr uint64_t kTablePageBytes = 4096;
inline constexpr uint64_t kHashesPerTablePage = kTablePageBytes / kChunkHashBytes;

using Hash256 = std::array<uint8_t, 32>;

struct SignedHeader {
    uint32_t version = kSignedFormatVersion;
    uint32_t flags = 0;
    uint32_t chunk_size = kDefaultChunkSize;
    uint64_t payload_offset = 0;
    uint64_t payload_length = 0;
    uint64_t table_offset = 0;
    uint64_t chunk_count = 0;
    Hash256 index_hash{};  // of the table's index
    Hash256 runtime_hash{};
    Hash256 update_info_hash{};
    KeyId key_id{};
    std::array<uint8_t, 32> public_key{};
    std::string app_identity;  // the desktop file's name, at most 255 bytes
    std::string app_version;   // at most 63 bytes
    std::array<uint8_t, 64> signature{};
};

// Chunks needed for `length` bytes.
uint64_t chunk_count_for(uint64_t length, uint32_t chunk_size);

// Where the table's parts lie in a file with header `h` (its fields already checked).
uint64_t table_bytes(const SignedHeader& h);
uint64_t table_page_count(const SignedHeader& h);
uint64_t index_offset(const SignedHeader& h);
uint64_t index_bytes(const SignedHeader& h);

// The section's content for `header` signed with `key` (its key id and public key are set
// from the key): kSignedHeaderBytes bytes.
Result<std::vector<std::byte>> sign_header(SignedHeader header, const SecretKey& key);

// The header in `section` (the whole section's bytes), its signature checked against the
// public key it carries; nullopt when the section is all zeros (not signed). Anything
// unknown (magic, version, flags, algorithms) or inconsistent fails: the file is refused.
Result<std::optional<SignedHeader>> parse_signed_header(std::span<const std::byte> section);

// BLAKE2b-256.
Hash256 hash256(std::span<const std::byte> bytes);

}  // namespace squashrun::core
