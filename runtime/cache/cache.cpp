// The lock protocol of a cache entry <cache>/<hash>/:
//   lock          shared by every launch using the tree, exclusive only for eviction;
//   extract.lock  exclusive while one launch extracts;
//   app/          the tree, renamed into place complete;  size  its footprint in bytes.
#include "runtime/cache/cache.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "os/files.hpp"
#include "os/fs_ops.hpp"
#include "runtime/cache/directory.hpp"
#include "runtime/cache/eviction.hpp"
#include "runtime/cache/extract.hpp"
#include "runtime/diag.hpp"
#include "runtime/image/identity.hpp"

namespace squashrun::runtime {
namespace {

constexpr int kMaxAttempts = 100;

int lock_file(const std::string& path, int operation) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return -1;
    int locked = 0;
    do {
        locked = ::flock(fd, operation);
    } while (locked != 0 && errno == EINTR);
    if (locked != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// The locked descriptor still names the file at `path` (eviction did not unlink it).
bool still_linked(int fd, const std::string& path) {
    struct stat held {
    }, named{};
    return ::fstat(fd, &held) == 0 && ::lstat(path.c_str(), &named) == 0 &&
           held.st_dev == named.st_dev && held.st_ino == named.st_ino;
}

bool is_directory(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// Leftovers of launches killed while extracting (.app.XXXXXX) or writing `size`
// (size.XXXXXX), and of an interrupted eviction (.app.evicted).
bool is_leftover(const std::string& name) {
    return name.starts_with(".app.") || name.starts_with("size.");
}

// Called with the entry's shared lock held. Extracts unless another launch did meanwhile.
// The tree is only kept when the file still is what `key` was computed from.
core::Status extract_entry(const AppImageFile& image, const PayloadKey& key,
                           const std::string& entry, bool progress) {
    int extract_fd = lock_file(entry + "/extract.lock", LOCK_EX);
    if (extract_fd < 0) return core::make_error(entry + "/extract.lock: " + errno_text());
    core::Status status;
    std::string app = entry + "/app";
    if (is_directory(app)) {
        print_debug("extracted by another launch: " + entry);
    } else {
        for (const std::string& name : os::list_directory(entry)) {
            if (is_leftover(name)) os::remove_tree(os::join_path(entry, name));
        }
        print_debug("extracting into " + app);
        ExtractRequest request;
        request.source = image.shared_source();
        request.payload_offset = image.layout.payload_offset;
        request.target = app;
        request.progress = progress;
        request.read_only = true;
        auto bytes = extract_payload(request);
        auto now = identity_of(image);
        if (bytes && (!now || !(*now == key.identity))) {
            std::string aside = entry + "/.app.changed";
            if (::rename(app.c_str(), aside.c_str()) == 0) os::remove_tree(aside);
            status = core::make_error("the file changed while it was read; start it again");
        } else if (bytes) {
            // Without it the entry counts as empty for the size limit; the tree is fine.
            if (!os::replace_file(entry + "/size", std::to_string(*bytes) + "\n")) {
                print_debug("cannot record the size of " + entry);
            }
        } else {
            status = bytes.error();
        }
    }
    ::close(extract_fd);
    return status;
}

}  // namespace

core::Result<CachedTree> open_cached_tree(const AppImageFile& image, const Settings& settings,
                                          bool progress) {
    auto cache_dir = find_cache_dir(settings);
    if (!cache_dir) return cache_dir.error();
    auto key = payload_key(image, *cache_dir + "/" + kIdentityRecords);
    if (!key) return key.error();
    std::string entry = *cache_dir + "/" + key->hash;
    std::string lock_path = entry + "/lock";

    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        if (::mkdir(entry.c_str(), 0700) != 0 && errno != EEXIST) {
            return core::make_error(entry + ": " + errno_text());
        }
        int lock_fd = lock_file(lock_path, LOCK_SH);
        if (lock_fd < 0) {
            if (errno == ENOENT) continue;  // the entry was just evicted
            return core::make_error(lock_path + ": " + errno_text());
        }
        if (!still_linked(lock_fd, lock_path)) {
            ::close(lock_fd);
            continue;
        }
        bool extracted_here = !is_directory(entry + "/app");
        if (extracted_here) {
            if (auto st = extract_entry(image, *key, entry, progress); !st) {
                ::close(lock_fd);
                return st.error();
            }
        }
        ::futimens(lock_fd, nullptr);  // last use, for eviction
        if (extracted_here && !settings.no_cleanup) {
            evict_cache_entries(*cache_dir, key->hash, settings.cache_max_bytes);
        }
        return CachedTree{entry + "/app", lock_fd};
    }
    return core::make_error(entry + ": removed again and again while starting");
}

}  // namespace squashrun::runtime
