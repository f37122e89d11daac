// read_settings: what argv and the environment become, with nothing read from elsewhere.
#include "runtime/settings.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "os/executable.hpp"

namespace squashrun::runtime {
namespace {

Settings from(std::vector<const char*> args, std::vector<const char*> env) {
    env.push_back(nullptr);
    return read_settings(static_cast<int>(args.size()), args.data(), env.data());
}

TEST(Settings, DefaultsWithAnEmptyEnvironment) {
    Settings s = from({"/opt/My.AppImage"}, {});
    EXPECT_EQ(s.program_name, "My.AppImage");
    EXPECT_EQ(s.first_arg(), "");
    EXPECT_EQ(s.temp_root, "/tmp");
    EXPECT_EQ(s.path, os::kDefaultPath);
    EXPECT_EQ(s.cache_max_bytes, kCacheDefaultMaxMiB << 20);
    EXPECT_FALSE(s.extract_and_run);
    EXPECT_FALSE(s.no_cleanup);
    EXPECT_FALSE(s.debug);
    EXPECT_TRUE(s.target_appimage.empty());
    EXPECT_TRUE(s.environment.empty());
}

TEST(Settings, NoArgumentsAtAll) {
    Settings s = from({}, {});
    EXPECT_EQ(s.program_name, "squashrun");
    EXPECT_TRUE(s.args.empty());
    EXPECT_EQ(s.first_arg(), "");
}

TEST(Settings, ArgumentsAreKeptWhole) {
    Settings s = from({"App", "--appimage-extract", "a b", ""}, {});
    ASSERT_EQ(s.args.size(), 4U);
    EXPECT_EQ(s.first_arg(), "--appimage-extract");
    EXPECT_EQ(s.args[2], "a b");
    EXPECT_EQ(s.args[3], "");
}

TEST(Settings, VariablesAreRead) {
    Settings s = from(
        {"App"}, {"TARGET_APPIMAGE=/x/y.AppImage", "TMPDIR=/var/tmp", "FUSERMOUNT_PROG=fusermount",
                  "PATH=/bin", "HOME=/home/u", "XDG_CACHE_HOME=/c", "SQUASHRUN_CACHE_DIR=/cache",
                  "SQUASHRUN_CACHE_MAX_MB=10", "OTHER=kept=as=is"});
    EXPECT_EQ(s.target_appimage, "/x/y.AppImage");
    EXPECT_EQ(s.temp_root, "/var/tmp");
    EXPECT_EQ(s.fusermount_prog, "fusermount");
    EXPECT_EQ(s.path, "/bin");
    EXPECT_EQ(s.home, "/home/u");
    EXPECT_EQ(s.xdg_cache_home, "/c");
    EXPECT_EQ(s.cache_dir, "/cache");
    EXPECT_EQ(s.cache_max_bytes, uint64_t{10} << 20);
    ASSERT_EQ(s.environment.size(), 9U);
    EXPECT_EQ(s.environment.back(), "OTHER=kept=as=is");
}

TEST(Settings, RelativeTmpdirFallsBackToTmp) {
    EXPECT_EQ(from({"App"}, {"TMPDIR=relative/dir"}).temp_root, "/tmp");
    EXPECT_EQ(from({"App"}, {"TMPDIR="}).temp_root, "/tmp");
}

TEST(Settings, AnEmptyPathIsKeptAsEmpty) {
    // Set but empty searches nothing, which is not the same as unset.
    EXPECT_EQ(from({"App"}, {"PATH="}).path, "");
}

TEST(Settings, FlagsAreOnUnlessEmptyOrZero) {
    for (const char* off : {"APPIMAGE_EXTRACT_AND_RUN=", "APPIMAGE_EXTRACT_AND_RUN=0"})
        EXPECT_FALSE(from({"App"}, {off}).extract_and_run) << off;
    for (const char* on : {"APPIMAGE_EXTRACT_AND_RUN=1", "APPIMAGE_EXTRACT_AND_RUN=yes"})
        EXPECT_TRUE(from({"App"}, {on}).extract_and_run) << on;
    EXPECT_TRUE(from({"App"}, {"NO_CLEANUP=1"}).no_cleanup);
    EXPECT_FALSE(from({"App"}, {"NO_CLEANUP=0"}).no_cleanup);
    EXPECT_TRUE(from({"App"}, {"SQUASHRUN_DEBUG=1"}).debug);
}

TEST(Settings, CacheLimitIgnoresGarbageAndIsCapped) {
    uint64_t fallback = kCacheDefaultMaxMiB << 20;
    EXPECT_EQ(from({"App"}, {"SQUASHRUN_CACHE_MAX_MB=lots"}).cache_max_bytes, fallback);
    EXPECT_EQ(from({"App"}, {"SQUASHRUN_CACHE_MAX_MB=12x"}).cache_max_bytes, fallback);
    EXPECT_EQ(from({"App"}, {"SQUASHRUN_CACHE_MAX_MB="}).cache_max_bytes, fallback);
    EXPECT_EQ(from({"App"}, {"SQUASHRUN_CACHE_MAX_MB=0"}).cache_max_bytes, 0U);
    uint64_t huge = from({"App"}, {"SQUASHRUN_CACHE_MAX_MB=99999999999999999999"}).cache_max_bytes;
    EXPECT_EQ(huge, fallback) << "out of range is not a number";
    uint64_t big = from({"App"}, {"SQUASHRUN_CACHE_MAX_MB=18446744073709551615"}).cache_max_bytes;
    EXPECT_EQ(big, (uint64_t{1} << 40) << 20) << "capped, no overflow";
}

}  // namespace
}  // namespace squashrun::runtime
