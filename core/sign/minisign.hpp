// Ed25519 keys and detached signatures in minisign's formats, so that a key made here works
// with Debian's `minisign` and a `.minisig` written here passes `minisign -V`. The key
// files: a comment line, then base64 of the algorithm ("Ed"), an 8-byte key id and the key;
// the secret key file only unencrypted (`minisign -G -W`). Signatures are minisign's
// prehashed kind ("ED": Ed25519 over the BLAKE2b-512 of the file) with a trusted comment
// signed along. Nothing here calls sodium_init(): the portable code needs none, and a
// program that wants libsodium's fastest variants (mkappimage) calls it once at its top.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/format/byte_source.hpp"
#include "core/result.hpp"

namespace squashrun::core {

using KeyId = std::array<uint8_t, 8>;
using FileHash = std::array<uint8_t, 64>;  // BLAKE2b-512

struct PublicKey {
    KeyId key_id{};
    std::array<uint8_t, 32> key{};
};

struct SecretKey {
    KeyId key_id{};
    std::array<uint8_t, 64> key{};  // libsodium's: the seed, then the public key
    PublicKey public_key() const {
        PublicKey out;
        out.key_id = key_id;
        std::copy(key.begin() + 32, key.end(), out.key.begin());
        return out;
    }
};

// A fresh key pair (the OS's random source, through libsodium).
SecretKey generate_secret_key();

// The key id as minisign prints it: 16 upper-case hex digits of the little-endian number.
std::string key_id_text(const KeyId& id);

std::string format_public_key(const PublicKey& key);
std::string format_secret_key(const SecretKey& key);

// A public key file's text, or its base64 line alone. Errors say what is wrong.
Result<PublicKey> parse_public_key(std::string_view text);
// An unencrypted secret key file's text; an encrypted one is refused (it needs a password).
Result<SecretKey> parse_secret_key(std::string_view text);

// BLAKE2b-512 of `length` bytes of `source` from `offset`, as minisign prehashes a file.
Result<FileHash> hash_for_signature(const ByteSource& source, uint64_t offset, uint64_t length);

// A `.minisig` file's text for a file of hash `hash`; `trusted_comment` is signed too (one
// printable line).
std::string sign_detached(const SecretKey& key, const FileHash& hash,
                          std::string_view trusted_comment);

// Checks a `.minisig` text against the file's hash and `key`; the trusted comment on success.
Result<std::string> verify_detached(const PublicKey& key, const FileHash& hash,
                                    std::string_view minisig);

}  // namespace squashrun::core
