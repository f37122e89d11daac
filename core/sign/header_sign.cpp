// Signing the header (mkappimage): kept apart from reading it, so that the runtime links no
// signing code.
#include <sodium.h>

#include <cstring>

#include "core/sign/header.hpp"
#include "core/sign/header_layout.hpp"

namespace squashrun::core {

using namespace header_layout;

Result<std::vector<std::byte>> sign_header(SignedHeader h, const SecretKey& key) {
    if (h.app_identity.size() > kIdentityMax) return make_error("app identity longer than 255");
    if (h.app_version.size() > kVersionMax) return make_error("app version longer than 63");
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
    put_bytes(out, 56, h.index_hash);
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

}  // namespace squashrun::core
