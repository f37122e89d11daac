// Eviction: an entry goes only while this process holds its lock exclusively, which no
// launch using it (or extracting it) can allow.
#include "runtime/cache/eviction.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <ctime>

#include "core/cache/content_hash.hpp"
#include "core/cache/policy.hpp"
#include "os/files.hpp"
#include "os/fs_ops.hpp"
#include "runtime/cache/cache.hpp"
#include "runtime/diag.hpp"

namespace squashrun::runtime {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kDay = 86'400 * kSecond;

int64_t mtime_ns(const std::string& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return -1;
    return static_cast<int64_t>(st.st_mtim.tv_sec) * kSecond + st.st_mtim.tv_nsec;
}

// Removes `entry` if no launch holds it; the lock file goes last so that a launch that opens
// it meanwhile finds a fresh one (or none) and starts over.
void evict_entry(const std::string& entry) {
    std::string lock_path = entry + "/lock";
    int fd = ::open(lock_path.c_str(), O_RDWR | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        print_debug("in use, kept: " + entry);
        ::close(fd);
        return;
    }
    // First make the tree unusable in one step, so an eviction cut short never leaves a
    // half-removed "app" that launches would take for complete.
    std::string aside = entry + "/.app.evicted";
    if (::rename((entry + "/app").c_str(), aside.c_str()) != 0 && errno != ENOENT) {
        ::close(fd);
        return;
    }
    for (const std::string& name : os::list_directory(entry)) {
        if (name != "lock") os::remove_tree(os::join_path(entry, name));
    }
    ::unlink(lock_path.c_str());
    ::rmdir(entry.c_str());
    ::close(fd);
    print_debug("evicted " + entry);
}

}  // namespace

void evict_cache_entries(const std::string& cache_dir, const std::string& keep,
                         uint64_t max_bytes) {
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    int64_t now_ns = static_cast<int64_t>(now.tv_sec) * kSecond + now.tv_nsec;
    core::EvictionPolicy policy{kCacheMaxUnusedDays * kDay, max_bytes};

    std::vector<core::CacheEntryInfo> entries;
    for (const std::string& name : os::list_directory(cache_dir)) {
        if (!core::is_hash_hex(name)) continue;
        std::string entry = os::join_path(cache_dir, name);
        int64_t used = mtime_ns(os::join_path(entry, "lock"));
        if (used < 0) continue;  // being created or removed
        auto size = os::read_file(os::join_path(entry, "size"), 64, false);
        uint64_t bytes = 0;
        if (size) std::from_chars(size->data(), size->data() + size->size(), bytes);
        entries.push_back({name, used, bytes});
    }
    for (const std::string& name : core::choose_evictions(entries, now_ns, policy, keep)) {
        evict_entry(os::join_path(cache_dir, name));
    }
    // Identity records only save hashing, read records only time; old ones are dropped by
    // the same age rule.
    for (const char* kind : {kIdentityRecords, kReadRecords}) {
        std::string records = cache_dir + "/" + kind;
        for (const std::string& name : os::list_directory(records)) {
            std::string record = os::join_path(records, name);
            int64_t written = mtime_ns(record);
            if (written >= 0 && now_ns - written > policy.max_unused_ns) ::unlink(record.c_str());
        }
    }
}

}  // namespace squashrun::runtime
