// Serializing, signing and checking the signed header.
#include "core/sign/header.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace squashrun::core {
namespace {

constexpr char kMagic[8] = {'S', 'Q', 'R', 'U', 'N', 'S', 'I', 'G'};
constexpr uint16_t kBlake2b256 = 1;
constexpr uint16_t kEd25519 = 1;
constexpr size_t kSignedPart = 512;
constexpr size_t kIdentityMax = 255;
constexpr size_t kVersionMax = 63;

void put(std::vector<std::byte>& out, size_t at, uint64_t value, size_t bytes) {
    for (size_t i = 0; i < bytes; ++i)
        out[at + i] = static_cast<std::byte>((value >> (8 * i)) & 0xff);
}

uint64_t get(std::span<const std::byte> in, size_t at, size_t bytes) {
    uint64_t value = 0;
    for (size_t i = 0; i < bytes; ++i)
        value |= static_cast<uint64_t>(std::to_integer<uint8_t>(in[at + i])) << (8 * i);
    return value;
}

template <size_t N>
void put_bytes(std::vector<std::byte>& out, size_t at, const std::array<uint8_t, N>& bytes) {
    std::memcpy(out.data() + at, bytes.data(), N);
}

template <size_t N>
void get_bytes(std::span<const std::byte> in, size_t at, std::array<uint8_t, N>& bytes) {
    std::memcpy(bytes.data(), in.data() + at, N);
}

bool is_power_of_two(uint32_t v) {
    return v != 0 && (v & (v - 1)) == 0;
}

}  // namespace

uint64_t chunk_count_for(uint64_t length, uint32_t chunk_size) {
    return length / chunk_size + (length % chunk_size != 0 ? 1 : 0);
}

Hash256 hash256(std::span<const std::byte> bytes) {
    Hash256 hash{};
    crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const uint8_t*>(bytes.data()),
                       bytes.size(), nullptr, 0);
    return hash;
}

Result<std::vector<std::byte>> sign_header(SignedHeader h, const SecretKey& key) {
    if (h.app_identity.size() > kIdentityMax) return make_error("app identity longer than 255");
    if (h.app_version.size() > kVersionMax) return make_error("app version longer than 63");
    if (sodium_init() < 0) return make_error("libsodium cannot start");
    h.key_id = key.key_id;
    h.public_key = key.public_key().key;
    std::vector<std::byte> out(kSignedHeaderBytes);
    std::memcpy(out.data(), kMagic, sizeof kMagic);
    put(out, 8, h.version, 4);
    put(out, 12, h.flags, 4);
    put(out, 16, kBlake2b256, 2);
    put(out, 18, kEd25519, 2);
    put(out, 20, h.chunk_size, 4);
    put(out, 24, h.payload_offset, 8);
    put(out, 32, h.payload_length, 8);
    put(out, 40, h.table_offset, 8);
    put(out, 48, h.chunk_count, 8);
    put_bytes(out, 56, h.table_hash);
    put_bytes(out, 88, h.runtime_hash);
    put_bytes(out, 120, h.update_info_hash);
    put_bytes(out, 152, h.key_id);
    put_bytes(out, 160, h.public_key);
    put(out, 192, h.app_identity.size(), 1);
    std::memcpy(out.data() + 193, h.app_identity.data(), h.app_identity.size());
    put(out, 448, h.app_version.size(), 1);
    std::memcpy(out.data() + 449, h.app_version.data(), h.app_version.size());
    crypto_sign_detached(reinterpret_cast<uint8_t*>(out.data()) + kSignedPart, nullptr,
                         reinterpret_cast<const uint8_t*>(out.data()), kSignedPart, key.key.data());
    return out;
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
    if (h.version != 1) {
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
    get_bytes(section, 56, h.table_hash);
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
    if (sodium_init() < 0) return make_error("libsodium cannot start");
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
        h.chunk_count > (UINT64_MAX - h.table_offset) / kChunkHashBytes) {
        return make_error("signed header: inconsistent payload and table");
    }
    return std::optional<SignedHeader>(std::move(h));
}

}  // namespace squashrun::core
