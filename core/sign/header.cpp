// Reading and checking the signed header (signing it is header_sign.cpp).
#include "core/sign/header.hpp"

#include "core/sign/header_layout.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace squashrun::core {
namespace {

using namespace header_layout;

bool is_power_of_two(uint32_t v) {
    return v != 0 && (v & (v - 1)) == 0;
}

}  // namespace

uint64_t chunk_count_for(uint64_t length, uint32_t chunk_size) {
    return length / chunk_size + (length % chunk_size != 0 ? 1 : 0);
}

uint64_t table_bytes(const SignedHeader& h) {
    return h.chunk_count * kChunkHashBytes;
}

uint64_t table_page_count(const SignedHeader& h) {
    return chunk_count_for(table_bytes(h), kTablePageBytes);
}

uint64_t index_offset(const SignedHeader& h) {
    return h.table_offset + table_bytes(h);
}

uint64_t index_bytes(const SignedHeader& h) {
    return table_page_count(h) * kChunkHashBytes;
}

Hash256 hash256(std::span<const std::byte> bytes) {
    Hash256 hash{};
    crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const uint8_t*>(bytes.data()),
                       bytes.size(), nullptr, 0);
    return hash;
}

Result<std::optional<SignedHeader>> parse_signed_header(std::span<const std::byte> section) {
    if (std::all_of(section.begin(), section.end(),
                    [](std::byte b) { return b == std::byte{0}; })) {
        return std::optional<SignedHeader>();
    }
    if (section.size() < kSignedHeaderBytes) return make_error("signed header section too small");
    if (std::memcmp(section.data(), kMagic, sizeof kMagic) != 0) {
        return make_error("signed header: unknown format (bad magic)");
    }
    SignedHeader h;
    h.version = static_cast<uint32_t>(get(section, 8, 4));
    h.flags = static_cast<uint32_t>(get(section, 12, 4));
    if (h.version != kSignedFormatVersion) {
        return make_error("signed header: version " + std::to_string(h.version) +
                          " is not known to this runtime");
    }
    if (h.flags != 0) return make_error("signed header: unknown flags");
    if (get(section, 16, 2) != kBlake2b256 || get(section, 18, 2) != kEd25519) {
        return make_error("signed header: unknown hash or signature algorithm");
    }
    for (size_t i = kSignedHeaderBytes; i < section.size(); ++i) {
        if (section[i] != std::byte{0}) return make_error("signed header: trailing bytes");
    }
    h.chunk_size = static_cast<uint32_t>(get(section, 20, 4));
    h.payload_offset = get(section, 24, 8);
    h.payload_length = get(section, 32, 8);
    h.table_offset = get(section, 40, 8);
    h.chunk_count = get(section, 48, 8);
    get_bytes(section, 56, h.index_hash);
    get_bytes(section, 88, h.runtime_hash);
    get_bytes(section, 120, h.update_info_hash);
    get_bytes(section, 152, h.key_id);
    get_bytes(section, 160, h.public_key);
    size_t identity_length = get(section, 192, 1);
    size_t version_length = get(section, 448, 1);
    if (version_length > kVersionMax) return make_error("signed header: bad version length");
    h.app_identity.assign(reinterpret_cast<const char*>(section.data()) + 193, identity_length);
    h.app_version.assign(reinterpret_cast<const char*>(section.data()) + 449, version_length);
    get_bytes(section, kSignedPart, h.signature);
    // No sodium_init(): it would link every algorithm's fastest variant into the runtime, and
    // the portable BLAKE2b and Ed25519 code needs no set-up.
    if (crypto_sign_verify_detached(h.signature.data(),
                                    reinterpret_cast<const uint8_t*>(section.data()), kSignedPart,
                                    h.public_key.data()) != 0) {
        return make_error("signed header: the signature does not verify");
    }
    // Signed, so made by whoever holds the key; still checked, as readers trust these numbers.
    if (!is_power_of_two(h.chunk_size) || h.chunk_size < 4096 || h.chunk_size > (1u << 20)) {
        return make_error("signed header: bad chunk size");
    }
    if (h.payload_length == 0 || h.payload_offset > UINT64_MAX - h.payload_length ||
        h.table_offset < h.payload_offset + h.payload_length ||
        h.chunk_count != chunk_count_for(h.payload_length, h.chunk_size) ||
        h.chunk_count > (UINT64_MAX - h.table_offset) / (2 * kChunkHashBytes)) {  // + index
        return make_error("signed header: inconsistent payload and table");
    }
    return std::optional<SignedHeader>(std::move(h));
}

}  // namespace squashrun::core
