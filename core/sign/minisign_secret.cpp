// minisign's secret keys, and making signatures: what only mkappimage needs, kept apart so
// that the runtime links no key generation or signing code.
#include <sodium.h>

#include <vector>

#include "core/sign/minisign.hpp"
#include "core/sign/minisign_text.hpp"

namespace squashrun::core {
namespace {

using namespace minisign_text;

std::array<uint8_t, 32> secret_checksum(const SecretKey& key) {
    std::array<uint8_t, 32> sum{};
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, sum.size());
    crypto_generichash_update(&state, kAlgorithm, sizeof kAlgorithm);
    crypto_generichash_update(&state, key.key_id.data(), key.key_id.size());
    crypto_generichash_update(&state, key.key.data(), key.key.size());
    crypto_generichash_final(&state, sum.data(), sum.size());
    return sum;
}

}  // namespace

SecretKey generate_secret_key() {
    SecretKey key;
    std::array<uint8_t, 32> public_part{};
    crypto_sign_keypair(public_part.data(), key.key.data());
    randombytes_buf(key.key_id.data(), key.key_id.size());
    return key;
}

std::string format_secret_key(const SecretKey& key) {
    std::array<uint8_t, kSecretBytes> raw{};  // no KDF: salt and limits stay zero
    uint8_t* at = raw.data();
    std::memcpy(at, kAlgorithm, 2);
    std::memcpy(at + 2, kNoKdf, 2);
    std::memcpy(at + 4, kChecksum, 2);
    at += 2 + 2 + 2 + 32 + 8 + 8;
    std::memcpy(at, key.key_id.data(), 8);
    std::memcpy(at + 8, key.key.data(), 64);
    auto sum = secret_checksum(key);
    std::memcpy(at + 72, sum.data(), sum.size());
    std::string text = std::string(kUntrusted) + "minisign secret key (unencrypted)\n" +
                       base64(raw.data(), raw.size()) + "\n";
    sodium_memzero(raw.data(), raw.size());
    return text;
}

Result<SecretKey> parse_secret_key(std::string_view text) {
    std::array<uint8_t, kSecretBytes> raw{};
    if (!unbase64(key_line(text), raw.data(), raw.size())) {
        return make_error("not a minisign secret key");
    }
    if (std::memcmp(raw.data(), kAlgorithm, 2) != 0 ||
        std::memcmp(raw.data() + 4, kChecksum, 2) != 0) {
        return make_error("not an Ed25519 minisign secret key");
    }
    if (std::memcmp(raw.data() + 2, kNoKdf, 2) != 0) {
        return make_error(
            "an encrypted minisign secret key; make an unencrypted one (minisign -G -W, or "
            "mkappimage --generate-key)");
    }
    SecretKey key;
    const uint8_t* at = raw.data() + 2 + 2 + 2 + 32 + 8 + 8;
    std::memcpy(key.key_id.data(), at, 8);
    std::memcpy(key.key.data(), at + 8, 64);
    // minisign -G -W leaves the checksum zero (it only computes it when encrypting).
    auto sum = secret_checksum(key);
    bool intact = sodium_memcmp(sum.data(), at + 72, sum.size()) == 0 ||
                  sodium_is_zero(at + 72, sum.size()) != 0;
    sodium_memzero(raw.data(), raw.size());
    // The key's second half is its public key: it must be the one its seed gives.
    std::array<uint8_t, 32> derived{};
    std::array<uint8_t, 64> again{};
    crypto_sign_seed_keypair(derived.data(), again.data(), key.key.data());
    intact = intact && sodium_memcmp(derived.data(), key.key.data() + 32, 32) == 0;
    sodium_memzero(again.data(), again.size());
    if (!intact) return make_error("damaged minisign secret key (checksum mismatch)");
    return key;
}

Result<FileHash> hash_for_signature(const ByteSource& source, uint64_t offset, uint64_t length) {
    crypto_generichash_state state;
    FileHash hash{};
    crypto_generichash_init(&state, nullptr, 0, hash.size());
    std::vector<std::byte> chunk(1 << 20);
    for (uint64_t done = 0; done < length;) {
        size_t n = static_cast<size_t>(std::min<uint64_t>(chunk.size(), length - done));
        if (auto st = source.read_exact(offset + done, std::span(chunk.data(), n)); !st) {
            return st.error();
        }
        crypto_generichash_update(&state, reinterpret_cast<const uint8_t*>(chunk.data()), n);
        done += n;
    }
    crypto_generichash_final(&state, hash.data(), hash.size());
    return hash;
}

std::string sign_detached(const SecretKey& key, const FileHash& hash,
                          std::string_view trusted_comment) {
    std::array<uint8_t, kSignatureBytes> raw{};
    std::memcpy(raw.data(), kPrehashed, 2);
    std::memcpy(raw.data() + 2, key.key_id.data(), 8);
    crypto_sign_detached(raw.data() + 10, nullptr, hash.data(), hash.size(), key.key.data());
    std::vector<uint8_t> signed_comment(raw.begin() + 10, raw.end());
    signed_comment.insert(signed_comment.end(), trusted_comment.begin(), trusted_comment.end());
    std::array<uint8_t, 64> global{};
    crypto_sign_detached(global.data(), nullptr, signed_comment.data(), signed_comment.size(),
                         key.key.data());
    return std::string(kUntrusted) + "signature from minisign secret key " +
           key_id_text(key.key_id) + "\n" + base64(raw.data(), raw.size()) + "\n" +
           std::string(kTrusted) + std::string(trusted_comment) + "\n" +
           base64(global.data(), global.size()) + "\n";
}

}  // namespace squashrun::core
