// The prefetch recording's form and the SQUASHRUN_SERVE_OFF knob.
#include "runtime/mount/prefetch.hpp"

#include <gtest/gtest.h>

#include "runtime/mount/serve_options.hpp"

namespace squashrun::runtime {
namespace {

TEST(Prefetch, ARecordingRoundTrips) {
    std::vector<ReadRange> ranges = {{2, 0, 3, 0xabc},
                                     {123456789012, 131072, 2, 0x1234567890abcdef}};
    std::string file = format_recording(ranges, "xyzuv");
    EXPECT_EQ(file, "2 0 3 0000000000000abc\n123456789012 131072 2 1234567890abcdef\n\nxyzuv");
    auto parsed = parse_recording(file);
    ASSERT_EQ(parsed.ranges.size(), 2U);
    EXPECT_EQ(parsed.ranges[1].node, 123456789012U);
    EXPECT_EQ(parsed.ranges[1].offset, 131072U);
    EXPECT_EQ(parsed.ranges[1].size, 2U);
    EXPECT_EQ(parsed.ranges[1].hash, 0x1234567890abcdefU);
    EXPECT_EQ(parsed.data, "xyzuv");
}

TEST(Prefetch, BytesOfTheWrongLengthAreLeftOutButTheRangesKept) {
    std::vector<ReadRange> ranges = {{2, 0, 3, 1}};
    for (const char* data : {"", "xy", "xyzu"}) {
        auto parsed = parse_recording(format_recording(ranges, data));
        EXPECT_EQ(parsed.ranges.size(), 1U) << data;
        EXPECT_TRUE(parsed.data.empty()) << data;
    }
}

TEST(Prefetch, AMalformedRecordingGivesNothing) {
    for (const char* bad :
         {"2 0 4096\n\n", "2 0 4096 0000000000000001", "2 0 4096 0000000000000001\n",
          "x 0 4096 0000000000000001\n\n", "0 0 4096 0000000000000001\n\n",
          "2 0 0 0000000000000001\n\n", "2 0 4096 01\n\n", "2 0 4096 00000000000000001\n\n",
          "2 0 99999999999 0000000000000001\n\n", "2  0 4096 0000000000000001\n\n",
          "garbage\n\n"}) {
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
    ServeOptions some = serve_options("threads,prefetch,unknown,no-open");
    EXPECT_FALSE(some.threads);
    EXPECT_FALSE(some.prefetch);
    EXPECT_FALSE(some.no_open);
    EXPECT_TRUE(some.negative_entries);
    EXPECT_TRUE(some.large_caches);
}

}  // namespace
}  // namespace squashrun::runtime
