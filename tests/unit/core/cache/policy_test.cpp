// The cache's pure rules: identity records and the eviction choice.
#include "core/cache/policy.hpp"

#include <gtest/gtest.h>

namespace squashrun {
namespace {

core::IdentityRecord sample_record() {
    core::IdentityRecord r;
    r.identity = {2049, 1234567, 99999, 1'700'000'000'123'456'789, 1'700'000'000'223'456'789};
    r.payload_offset = 188392;
    r.hashed_at_ns = 1'700'000'100'000'000'000;
    r.hash = "0123456789abcdef0123456789abcdef";
    return r;
}

TEST(IdentityRecord, RoundTrip) {
    auto r = sample_record();
    std::string line = core::format_identity_record(r);
    EXPECT_EQ(line.back(), '\n');
    auto back = core::parse_identity_record(line);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->identity, r.identity);
    EXPECT_EQ(back->payload_offset, r.payload_offset);
    EXPECT_EQ(back->hashed_at_ns, r.hashed_at_ns);
    EXPECT_EQ(back->hash, r.hash);
    EXPECT_EQ(core::identity_file_name(r.identity), "2049-1234567");
    // Found by fuzzing: a file dated before 1970 (a negative mtime) reads back too.
    r.identity.mtime_ns = -733360000000000000;
    auto old = core::parse_identity_record(core::format_identity_record(r));
    ASSERT_TRUE(old.has_value());
    EXPECT_EQ(old->identity.mtime_ns, r.identity.mtime_ns);
}

TEST(IdentityRecord, MalformedIsRejected) {
    std::string good = core::format_identity_record(sample_record());
    EXPECT_FALSE(core::parse_identity_record(good.substr(0, good.size() - 1)));  // no newline
    EXPECT_FALSE(core::parse_identity_record(good.substr(0, good.size() / 2) + "\n"));
    EXPECT_FALSE(core::parse_identity_record(""));
    std::string other_tag = good;
    other_tag[0] = 'X';
    EXPECT_FALSE(core::parse_identity_record(other_tag));
    std::string bad_hash = good;
    bad_hash[bad_hash.size() - 2] = 'G';
    EXPECT_FALSE(core::parse_identity_record(bad_hash));
    std::string double_space = good;
    double_space.insert(double_space.find(' '), " ");
    EXPECT_FALSE(core::parse_identity_record(double_space));
    EXPECT_FALSE(core::parse_identity_record(good + "extra\n"));
}

TEST(IdentityRecord, AppliesOnlyToTheSameSettledFile) {
    auto r = sample_record();
    EXPECT_TRUE(core::record_applies(r, r.identity, r.payload_offset));
    EXPECT_FALSE(core::record_applies(r, r.identity, r.payload_offset + 1));
    auto changed = r.identity;
    changed.ctime_ns += 1;  // content rewritten, mtime put back: ctime still moves
    EXPECT_FALSE(core::record_applies(r, changed, r.payload_offset));
    changed = r.identity;
    changed.size += 1;
    EXPECT_FALSE(core::record_applies(r, changed, r.payload_offset));
    changed = r.identity;
    changed.inode += 1;
    EXPECT_FALSE(core::record_applies(r, changed, r.payload_offset));
    // Hashed right after a change: a second change in the same clock tick could hide.
    auto racy = r;
    racy.hashed_at_ns = r.identity.ctime_ns + core::kRacyWindowNs - 1;
    EXPECT_FALSE(core::record_applies(racy, r.identity, r.payload_offset));
    racy.hashed_at_ns = r.identity.ctime_ns + core::kRacyWindowNs;
    EXPECT_TRUE(core::record_applies(racy, r.identity, r.payload_offset));
}

constexpr int64_t kDay = 86'400'000'000'000;

TEST(Eviction, OldEntriesGoFirstThenLeastRecentlyUsedUntilTheRestFits) {
    int64_t now = 100 * kDay;
    std::vector<core::CacheEntryInfo> entries = {{"fresh-big", now - kDay, 600},
                                                 {"ancient", now - 40 * kDay, 10},
                                                 {"middle", now - 5 * kDay, 300},
                                                 {"older", now - 9 * kDay, 300},
                                                 {"launching", now - 50 * kDay, 500}};
    core::EvictionPolicy policy{30 * kDay, 1200};
    auto chosen = core::choose_evictions(entries, now, policy, "launching");
    // 1710 bytes in all: ancient goes for its age, then older and middle for space.
    EXPECT_EQ(chosen, (std::vector<std::string>{"ancient", "older", "middle"}));
    EXPECT_TRUE(core::choose_evictions(entries, now, {60 * kDay, 10'000}, "").empty());
}

TEST(Eviction, TheLaunchedEntryIsKeptEvenWhenAloneTooLarge) {
    std::vector<core::CacheEntryInfo> entries = {{"only", 0, 5000}};
    EXPECT_TRUE(core::choose_evictions(entries, 100 * kDay, {kDay, 10}, "only").empty());
    EXPECT_EQ(core::choose_evictions(entries, 100 * kDay, {kDay, 10}, "other").size(), 1U);
}

}  // namespace
}  // namespace squashrun
