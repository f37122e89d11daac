// The prefetch recording's text form and the SQUASHRUN_SERVE_OFF knob.
#include "runtime/mount/prefetch.hpp"

#include <gtest/gtest.h>

#include "runtime/mount/serve_options.hpp"

namespace squashrun::runtime {
namespace {

TEST(Prefetch, ARecordingRoundTrips) {
    std::vector<ReadRange> ranges = {{2, 0, 4096}, {123456789012, 131072, 65536}};
    std::string text = format_reads(ranges);
    EXPECT_EQ(text, "2 0 4096\n123456789012 131072 65536\n");
    auto parsed = parse_reads(text);
    ASSERT_EQ(parsed.size(), 2U);
    EXPECT_EQ(parsed[1].node, 123456789012U);
    EXPECT_EQ(parsed[1].offset, 131072U);
    EXPECT_EQ(parsed[1].size, 65536U);
}

TEST(Prefetch, AMalformedRecordingGivesNothing) {
    for (const char* bad : {"2 0\n", "2 0 4096", "x 0 4096\n", "0 0 4096\n", "2 0 0\n",
                            "2 0 4096\n3 1 99999999999\n", "2  0 4096\n"}) {
        EXPECT_TRUE(parse_reads(bad).empty()) << bad;
    }
    EXPECT_TRUE(parse_reads("").empty());
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
