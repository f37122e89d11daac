// The trust decision: every policy with signed, unsigned, pinned and trusted cases.
#include "core/sign/policy.hpp"

#include <gtest/gtest.h>

namespace squashrun::core {
namespace {

PublicKey key(uint8_t n) {
    PublicKey k;
    k.key_id.fill(n);
    k.key.fill(n);
    return k;
}

TrustQuestion ask(VerifyPolicy policy, std::optional<PublicKey> signer,
                  std::optional<PublicKey> pinned = std::nullopt,
                  std::vector<TrustedKey> trusted = {}) {
    return TrustQuestion{policy, "org.example.App", signer, pinned, std::move(trusted), ""};
}

TEST(TrustPolicy, OffRunsAnything) {
    EXPECT_TRUE(decide_trust(ask(VerifyPolicy::off, std::nullopt, key(1))).run);
}

TEST(TrustPolicy, AutoRunsUnsignedUnlessTheAppWasSeenSigned) {
    EXPECT_TRUE(decide_trust(ask(VerifyPolicy::automatic, std::nullopt)).run);
    auto stripped = decide_trust(ask(VerifyPolicy::automatic, std::nullopt, key(1)));
    EXPECT_FALSE(stripped.run);
    EXPECT_NE(stripped.message.find("was signed by key 0101010101010101"), std::string::npos);
}

TEST(TrustPolicy, AutoPinsTheFirstKeyAndRefusesAnother) {
    auto first = decide_trust(ask(VerifyPolicy::automatic, key(1)));
    EXPECT_TRUE(first.run);
    EXPECT_TRUE(first.pin);
    auto again = decide_trust(ask(VerifyPolicy::automatic, key(1), key(1)));
    EXPECT_TRUE(again.run);
    EXPECT_FALSE(again.pin);
    EXPECT_FALSE(decide_trust(ask(VerifyPolicy::automatic, key(2), key(1))).run);
    // A trusted key may replace the first one seen.
    auto trusted = decide_trust(ask(VerifyPolicy::automatic, key(2), key(1), {{key(2), ""}}));
    EXPECT_TRUE(trusted.run);
    EXPECT_TRUE(trusted.pin);
}

TEST(TrustPolicy, AutoReportsAKeyThatIsNotListed) {
    auto reported =
        decide_trust(ask(VerifyPolicy::automatic, key(2), std::nullopt, {{key(1), ""}}));
    EXPECT_TRUE(reported.run);
    EXPECT_NE(reported.message.find("not among the trusted keys"), std::string::npos);
}

TEST(TrustPolicy, RequireNeedsAListedKeyForThisApp) {
    EXPECT_FALSE(decide_trust(ask(VerifyPolicy::require, std::nullopt)).run);
    EXPECT_FALSE(decide_trust(ask(VerifyPolicy::require, key(1))).run);
    EXPECT_TRUE(decide_trust(ask(VerifyPolicy::require, key(1), std::nullopt, {{key(1), ""}})).run);
    EXPECT_TRUE(decide_trust(
                    ask(VerifyPolicy::require, key(1), std::nullopt, {{key(1), "org.example.App"}}))
                    .run);
    EXPECT_FALSE(decide_trust(ask(VerifyPolicy::require, key(1), std::nullopt,
                                  {{key(1), "org.example.Other"}}))
                     .run);
}

TEST(TrustedKeysFile, KeysCommentsAndIdentities) {
    SecretKey secret = generate_secret_key();
    std::string pub = format_public_key(secret.public_key());
    std::string line = pub.substr(pub.find('\n') + 1);
    line.pop_back();
    auto keys = parse_trusted_keys("# ours\n\n" + pub + line + "  org.example.App\n");
    ASSERT_TRUE(keys) << keys.message();
    ASSERT_EQ(keys->size(), 2U);
    EXPECT_EQ((*keys)[0].identity, "");
    EXPECT_EQ((*keys)[1].identity, "org.example.App");
    EXPECT_EQ((*keys)[1].key.key, secret.public_key().key);
    auto bad = parse_trusted_keys("# fine\nnot a key\n");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.message().find("line 2"), std::string::npos) << bad.message();
}

}  // namespace
}  // namespace squashrun::core
