// minisign formats: keys and signatures round-trip, and every kind of damage is refused.
#include "core/sign/minisign.hpp"

#include <gtest/gtest.h>

#include <string>

namespace squashrun::core {
namespace {

FileHash hash_of(const std::string& text) {
    MemorySource source(std::as_bytes(std::span(text.data(), text.size())));
    auto hash = hash_for_signature(source, 0, text.size());
    EXPECT_TRUE(hash) << hash.message();
    return *hash;
}

TEST(Minisign, KeysRoundTrip) {
    SecretKey key = generate_secret_key();
    auto secret = parse_secret_key(format_secret_key(key));
    ASSERT_TRUE(secret) << secret.message();
    EXPECT_EQ(secret->key, key.key);
    EXPECT_EQ(secret->key_id, key.key_id);
    std::string pub_text = format_public_key(key.public_key());
    auto pub = parse_public_key(pub_text);
    ASSERT_TRUE(pub) << pub.message();
    EXPECT_EQ(pub->key, key.public_key().key);
    // The base64 line alone is a public key too (minisign -P takes it so).
    auto bare = parse_public_key(pub_text.substr(pub_text.find('\n') + 1));
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->key_id, key.key_id);
}

TEST(Minisign, KeyIdsReadAsLittleEndianNumbers) {
    KeyId id = {0x01, 0x20, 0xE6, 0x44, 0xC9, 0x32, 0xF6, 0x89};
    EXPECT_EQ(key_id_text(id), "89F632C944E62001");
}

TEST(Minisign, ASignatureVerifiesAndCarriesItsTrustedComment) {
    SecretKey key = generate_secret_key();
    FileHash hash = hash_of("an AppImage's bytes");
    std::string minisig = sign_detached(key, hash, "timestamp:0\tfile:App.AppImage\thashed");
    auto comment = verify_detached(key.public_key(), hash, minisig);
    ASSERT_TRUE(comment) << comment.message();
    EXPECT_EQ(*comment, "timestamp:0\tfile:App.AppImage\thashed");
}

TEST(Minisign, ChangedFilesCommentsAndKeysAreRefused) {
    SecretKey key = generate_secret_key();
    FileHash hash = hash_of("an AppImage's bytes");
    std::string minisig = sign_detached(key, hash, "file:App.AppImage");
    EXPECT_FALSE(verify_detached(key.public_key(), hash_of("an AppImage's byteS"), minisig));

    std::string forged = minisig;
    forged.replace(forged.find("file:App"), 8, "file:Bad");
    auto comment = verify_detached(key.public_key(), hash, forged);
    ASSERT_FALSE(comment);
    EXPECT_NE(comment.message().find("trusted comment"), std::string::npos) << comment.message();

    auto other = verify_detached(generate_secret_key().public_key(), hash, minisig);
    ASSERT_FALSE(other);
    EXPECT_NE(other.message().find("signed by key " + key_id_text(key.key_id)), std::string::npos)
        << other.message();
    EXPECT_FALSE(verify_detached(key.public_key(), hash, "untrusted comment: x\n"));
}

TEST(Minisign, DamagedAndEncryptedSecretKeysAreRefused) {
    std::string text = format_secret_key(generate_secret_key());
    size_t line = text.find('\n') + 1;
    std::string damaged = text;
    damaged[line + 120] = damaged[line + 120] == 'A' ? 'B' : 'A';  // inside the key bytes
    EXPECT_FALSE(parse_secret_key(damaged));
    EXPECT_FALSE(parse_secret_key("untrusted comment: x\nnot base64\n"));
    // Bytes 2 and 3 of the structure name the KDF: "Sc" (scrypt) means encrypted. The first
    // six bytes "Ed\0\0B2" are "RWQAAEIy" in base64, "EdScB2" is "RWRTY0Iy".
    std::string encrypted = text;
    ASSERT_EQ(encrypted.substr(line, 8), "RWQAAEIy");
    encrypted.replace(line, 8, "RWRTY0Iy");
    auto refused = parse_secret_key(encrypted);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.message().find("encrypted"), std::string::npos) << refused.message();
}

}  // namespace
}  // namespace squashrun::core
