// minisign's key and signature formats over libsodium's Ed25519 and BLAKE2b.
#include "core/sign/minisign.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace squashrun::core {
namespace {

constexpr std::string_view kUntrusted = "untrusted comment: ";
constexpr std::string_view kTrusted = "trusted comment: ";
constexpr uint8_t kAlgorithm[2] = {'E', 'd'};
constexpr uint8_t kPrehashed[2] = {'E', 'D'};
constexpr uint8_t kNoKdf[2] = {0, 0};
constexpr uint8_t kChecksum[2] = {'B', '2'};

// Byte counts of the encoded structures.
constexpr size_t kPublicBytes = 2 + 8 + 32;
constexpr size_t kSecretBytes = 2 + 2 + 2 + 32 + 8 + 8 + 8 + 64 + 32;
constexpr size_t kSignatureBytes = 2 + 8 + 64;

std::string base64(const uint8_t* data, size_t size) {
    std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

// Exactly `size` bytes from one base64 line, or false.
bool unbase64(std::string_view text, uint8_t* out, size_t size) {
    std::vector<uint8_t> decoded(text.size());
    size_t length = 0;
    if (sodium_base642bin(decoded.data(), decoded.size(), text.data(), text.size(), nullptr,
                          &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        length != size) {
        return false;
    }
    std::memcpy(out, decoded.data(), size);
    return true;
}

std::string_view trimmed(std::string_view line) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
        line.remove_suffix(1);
    return line;
}

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        size_t end = text.find('\n');
        lines.push_back(trimmed(text.substr(0, end)));
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    }
    return lines;
}

// The first line that is not a comment: a key's base64.
std::string_view key_line(std::string_view text) {
    for (std::string_view line : lines_of(text)) {
        if (!line.empty() && !line.starts_with(kUntrusted)) return line;
    }
    return {};
}

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

bool printable(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) {
        return c == '\t' || (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
    });
}

}  // namespace

SecretKey generate_secret_key() {
    SecretKey key;
    std::array<uint8_t, 32> public_part{};
    crypto_sign_keypair(public_part.data(), key.key.data());
    randombytes_buf(key.key_id.data(), key.key_id.size());
    return key;
}

std::string key_id_text(const KeyId& id) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string text;
    for (size_t i = id.size(); i-- > 0;) {
        text += kHex[id[i] >> 4];
        text += kHex[id[i] & 15];
    }
    return text;
}

std::string format_public_key(const PublicKey& key) {
    std::array<uint8_t, kPublicBytes> raw{};
    std::memcpy(raw.data(), kAlgorithm, 2);
    std::memcpy(raw.data() + 2, key.key_id.data(), 8);
    std::memcpy(raw.data() + 10, key.key.data(), 32);
    return std::string(kUntrusted) + "minisign public key " + key_id_text(key.key_id) + "\n" +
           base64(raw.data(), raw.size()) + "\n";
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

Result<PublicKey> parse_public_key(std::string_view text) {
    std::array<uint8_t, kPublicBytes> raw{};
    if (!unbase64(key_line(text), raw.data(), raw.size())) {
        return make_error("not a minisign public key");
    }
    if (std::memcmp(raw.data(), kAlgorithm, 2) != 0) {
        return make_error("not an Ed25519 minisign public key");
    }
    PublicKey key;
    std::memcpy(key.key_id.data(), raw.data() + 2, 8);
    std::memcpy(key.key.data(), raw.data() + 10, 32);
    return key;
}

Result<SecretKey> parse_secret_key(std::string_view text) {
    std::array<uint8_t, kSecretBytes> raw{};
    if (!unbase64(key_line(text), raw.data(), raw.size())) {
        return make_error("not a minisign secret key");
    }
    if (std::memcmp(raw.data(), kAlgorithm, 2) != 0 || std::memcmp(raw.data() + 4, kChecksum, 2)) {
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

Result<std::string> verify_detached(const PublicKey& key, const FileHash& hash,
                                    std::string_view minisig) {
    auto lines = lines_of(minisig);
    if (lines.size() < 4 || !lines[0].starts_with(kUntrusted) || !lines[2].starts_with(kTrusted)) {
        return make_error("not a minisign signature");
    }
    std::array<uint8_t, kSignatureBytes> raw{};
    std::array<uint8_t, 64> global{};
    if (!unbase64(lines[1], raw.data(), raw.size()) ||
        !unbase64(lines[3], global.data(), global.size())) {
        return make_error("not a minisign signature");
    }
    if (std::memcmp(raw.data(), kPrehashed, 2) != 0) {
        return make_error("not a prehashed (ED) minisign signature");
    }
    if (std::memcmp(raw.data() + 2, key.key_id.data(), 8) != 0) {
        KeyId other{};
        std::memcpy(other.data(), raw.data() + 2, 8);
        return make_error("signed by key " + key_id_text(other) + ", not " +
                          key_id_text(key.key_id));
    }
    if (crypto_sign_verify_detached(raw.data() + 10, hash.data(), hash.size(), key.key.data()) !=
        0) {
        return make_error("signature verification failed");
    }
    std::string_view comment = lines[2].substr(kTrusted.size());
    if (!printable(comment)) return make_error("the trusted comment is not printable");
    std::vector<uint8_t> signed_comment(raw.begin() + 10, raw.end());
    signed_comment.insert(signed_comment.end(), comment.begin(), comment.end());
    if (crypto_sign_verify_detached(global.data(), signed_comment.data(), signed_comment.size(),
                                    key.key.data()) != 0) {
        return make_error("the trusted comment's signature does not verify");
    }
    return std::string(comment);
}

}  // namespace squashrun::core
