// The prefetch recording's form and the SQUASHRUN_SERVE_OFF knob.
#include "runtime/mount/prefetch.hpp"

#include <gtest/gtest.h>

#include "runtime/mount/serve_options.hpp"

namespace squashrun::runtime {
namespace {

TEST(Prefetch, ARecordingRoundTrips) {
    std::vector<ReadRange> ranges = {{2, 0, 3, 0xabc},
                                     {123456789012, 131072, 2, 0x1234567890abcdef}};
    std::string file = format_recording(ranges, {}, "xyzuv");
    EXPECT_EQ(file, "2 0 3 0000000000000abc\n123456789012 131072 2 1234567890abcdef\n\nxyzuv");
    auto parsed = parse_recording(file);
    ASSERT_EQ(parsed.ranges.size(), 2U);
    EXPECT_EQ(parsed.ranges[1].node, 123456789012U);
    EXPECT_EQ(parsed.ranges[1].offset, 131072U);
    EXPECT_EQ(parsed.ranges[1].size, 2U);
    EXPECT_EQ(parsed.ranges[1].hash, 0x1234567890abcdefU);
    EXPECT_EQ(parsed.data, "xyzuv");
}

TEST(Prefetch, LookupsAndListingsRoundTripInTheirPlaceAmongTheReads) {
    std::vector<ReadRange> ranges = {{2, 0, 3, 0xabc}, {5, 0, 2, 0xdef}};
    using Kind = PathStep::Kind;
    std::vector<PathStep> steps = {{Kind::listing, ".", 0},
                                   {Kind::lookup, "usr/a b\n", 0},
                                   {Kind::lookup, "missing", 1},
                                   {Kind::listing, "usr", 2}};
    std::string file = format_recording(ranges, steps, "xyzuv");
    EXPECT_EQ(file,
              "d 2e\nl 7573722f6120620a\n2 0 3 0000000000000abc\nl 6d697373696e67\n"
              "5 0 2 0000000000000def\nd 757372\n\nxyzuv");
    auto parsed = parse_recording(file);
    ASSERT_EQ(parsed.ranges.size(), 2U);
    ASSERT_EQ(parsed.steps.size(), 4U);
    for (size_t i = 0; i < steps.size(); ++i) {
        EXPECT_EQ(parsed.steps[i].kind, steps[i].kind) << i;
        EXPECT_EQ(parsed.steps[i].path, steps[i].path) << i;
        EXPECT_EQ(parsed.steps[i].after, steps[i].after) << i;
    }
    EXPECT_EQ(parsed.data, "xyzuv");
    auto only_steps = parse_recording(format_recording({}, {{Kind::lookup, "a", 0}}, ""));
    EXPECT_TRUE(only_steps.ranges.empty());
    EXPECT_FALSE(only_steps.empty());
}

TEST(Prefetch, TheRecorderNamesWhatItSawByPath) {
    ReadRecorder recorder;
    recorder.note_listing(1);
    recorder.note_entry(1, "usr", 10);       // from the root's listing
    recorder.note_lookup(10, "lib", 11);     // usr/lib
    recorder.note_lookup(11, "nothing", 0);  // not found
    recorder.note(12, 0, 4096);
    recorder.note_lookup(12, "x", 0);  // 12 was never named: left out
    recorder.note_listing(11);
    recorder.note_lookup(1, "etc", 13);
    auto steps = recorder.steps();
    ASSERT_EQ(steps.size(), 5U);
    EXPECT_EQ(steps[0].path, ".");
    EXPECT_EQ(steps[0].kind, PathStep::Kind::listing);
    EXPECT_EQ(steps[1].path, "usr/lib");
    EXPECT_EQ(steps[2].path, "usr/lib/nothing");
    EXPECT_EQ(steps[2].after, 0U);
    EXPECT_EQ(steps[3].path, "usr/lib");
    EXPECT_EQ(steps[3].kind, PathStep::Kind::listing);
    EXPECT_EQ(steps[3].after, 1U) << "after the read";
    EXPECT_EQ(steps[4].path, "etc");
}

TEST(Prefetch, BytesOfTheWrongLengthAreLeftOutButTheRangesKept) {
    std::vector<ReadRange> ranges = {{2, 0, 3, 1}};
    for (const char* data : {"", "xy", "xyzu"}) {
        auto parsed = parse_recording(format_recording(ranges, {}, data));
        EXPECT_EQ(parsed.ranges.size(), 1U) << data;
        EXPECT_TRUE(parsed.data.empty()) << data;
    }
}

TEST(Prefetch, AMalformedRecordingGivesNothing) {
    for (const char* bad :
         {"2 0 4096\n\n", "2 0 4096 0000000000000001", "2 0 4096 0000000000000001\n",
          "x 0 4096 0000000000000001\n\n", "0 0 4096 0000000000000001\n\n",
          "2 0 0 0000000000000001\n\n", "2 0 4096 01\n\n", "2 0 4096 00000000000000001\n\n",
          "2 0 99999999999 0000000000000001\n\n", "2  0 4096 0000000000000001\n\n", "garbage\n\n",
          "l \n\n", "l 6\n\n", "l 6g\n\n", "l 2E\n\n", "x 2e\n\n", "l  2e\n\n"}) {
        EXPECT_TRUE(parse_recording(bad).ranges.empty()) << bad;
    }
    EXPECT_TRUE(parse_recording("").ranges.empty());
}

TEST(Prefetch, TheRecorderKeepsOnlyTheFirstReads) {
    ReadRecorder recorder;
    for (size_t i = 0; i < ReadRecorder::kMaxRanges + 10; ++i)
        recorder.note(2, i * 4096, 4096);
    auto ranges = recorder.ranges();
    ASSERT_EQ(ranges.size(), ReadRecorder::kMaxRanges);
    EXPECT_EQ(ranges.front().offset, 0U);
}

TEST(ServeOptions, NamesTurnChangesOff) {
    ServeOptions all = serve_options("");
    EXPECT_TRUE(all.negative_entries && all.no_open && all.readdirplus && all.decline_xattrs &&
                all.refuse_ioctl && all.large_caches && all.threads && all.prefetch);
    EXPECT_TRUE(all.replay_paths);
    ServeOptions some = serve_options("threads,prefetch,unknown,no-open,paths");
    EXPECT_FALSE(some.threads);
    EXPECT_FALSE(some.prefetch);
    EXPECT_FALSE(some.no_open);
    EXPECT_FALSE(some.replay_paths);
    EXPECT_TRUE(some.negative_entries);
    EXPECT_TRUE(some.large_caches);
}

}  // namespace
}  // namespace squashrun::runtime
