// evict_cache_entries over a real cache directory: age, size, entries in use, records.
#include "runtime/cache/eviction.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>

#include "os/unique_fd.hpp"
#include "temp_tree.hpp"

namespace squashrun::runtime {
namespace {

using test::TempTree;
using test::write_text;

constexpr time_t kDay = 86'400;

std::string hash_name(char digit) {
    return std::string(32, digit);
}

void set_mtime(const std::string& path, time_t when) {
    timespec times[2] = {{when, 0}, {when, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW), 0) << path;
}

// An entry as the cache leaves it: app/ with a file, `size`, and `lock` last used `used`.
std::string make_entry(const TempTree& cache, const std::string& name, uint64_t bytes,
                       time_t used) {
    std::string entry = cache / name;
    EXPECT_EQ(::mkdir(entry.c_str(), 0700), 0);
    EXPECT_EQ(::mkdir((entry + "/app").c_str(), 0500), 0) << "read-only, as extracted";
    write_text(entry + "/size", std::to_string(bytes) + "\n");
    write_text(entry + "/lock", "");
    set_mtime(entry + "/lock", used);
    return entry;
}

bool exists(const std::string& path) {
    return ::access(path.c_str(), F_OK) == 0;
}

TEST(Eviction, OldEntriesGoRecentOnesStay) {
    TempTree cache;
    time_t now = std::time(nullptr);
    std::string old = make_entry(cache, hash_name('1'), 4096, now - 15 * kDay);
    std::string recent = make_entry(cache, hash_name('2'), 4096, now - 13 * kDay);
    evict_cache_entries(cache.path(), hash_name('3'), uint64_t{1} << 30);
    EXPECT_FALSE(exists(old));
    EXPECT_TRUE(exists(recent + "/app"));
}

TEST(Eviction, TheLaunchedEntryIsNeverEvicted) {
    TempTree cache;
    time_t now = std::time(nullptr);
    std::string kept = make_entry(cache, hash_name('a'), 4096, now - 100 * kDay);
    evict_cache_entries(cache.path(), hash_name('a'), 0);
    EXPECT_TRUE(exists(kept + "/app"));
}

TEST(Eviction, LeastRecentlyUsedGoBeyondTheSizeLimit) {
    TempTree cache;
    time_t now = std::time(nullptr);
    uint64_t mib = 1 << 20;
    std::string oldest = make_entry(cache, hash_name('1'), mib, now - 300);
    std::string middle = make_entry(cache, hash_name('2'), mib, now - 200);
    std::string newest = make_entry(cache, hash_name('3'), mib, now - 100);
    evict_cache_entries(cache.path(), hash_name('3'), 2 * mib);
    EXPECT_FALSE(exists(oldest));
    EXPECT_TRUE(exists(middle + "/app"));
    EXPECT_TRUE(exists(newest + "/app"));
}

TEST(Eviction, EntriesInUseAreKept) {
    TempTree cache;
    time_t now = std::time(nullptr);
    std::string busy = make_entry(cache, hash_name('b'), 4096, now - 30 * kDay);
    os::UniqueFd held(::open((busy + "/lock").c_str(), O_RDONLY | O_CLOEXEC));
    ASSERT_TRUE(held);
    ASSERT_EQ(::flock(held.get(), LOCK_SH), 0);
    evict_cache_entries(cache.path(), hash_name('c'), 0);
    EXPECT_TRUE(exists(busy + "/app")) << "a launch holds it";
    held.reset();
    evict_cache_entries(cache.path(), hash_name('c'), 0);
    EXPECT_FALSE(exists(busy));
}

TEST(Eviction, OtherNamesAndFreshRecordsAreLeftAlone) {
    TempTree cache;
    time_t now = std::time(nullptr);
    ASSERT_EQ(::mkdir((cache / "not-a-hash").c_str(), 0700), 0);
    ASSERT_EQ(::mkdir((cache / "ids").c_str(), 0700), 0);
    write_text(cache / "ids/1-2", "fresh");
    write_text(cache / "ids/3-4", "stale");
    set_mtime(cache / "ids/3-4", now - 15 * kDay);
    evict_cache_entries(cache.path(), hash_name('0'), 0);
    EXPECT_TRUE(exists(cache / "not-a-hash"));
    EXPECT_TRUE(exists(cache / "ids/1-2"));
    EXPECT_FALSE(exists(cache / "ids/3-4")) << "identity records age out like entries";
}

}  // namespace
}  // namespace squashrun::runtime
