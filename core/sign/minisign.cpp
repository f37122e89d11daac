// minisign's public keys and the check of its signatures: what the runtime needs.
#include "core/sign/minisign.hpp"

#include "core/sign/minisign_text.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace squashrun::core {
using namespace minisign_text;

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
