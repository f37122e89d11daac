// Extraction: walk the payload's directories, create the tree with *at() calls under a
// fresh staging directory (files in parallel), then rename it into place.
#include "runtime/cache/extract.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "core/format/paths.hpp"
#include "os/fd_io.hpp"
#include "os/files.hpp"
#include "os/fs_ops.hpp"
#include "runtime/cache/progress.hpp"
#include "runtime/diag.hpp"
#include "runtime/image/reader.hpp"

namespace squashrun::runtime {
namespace {

constexpr size_t kMaxDepth = 512;
constexpr size_t kCopyChunk = 1 << 20;

using Kind = EntryKind;

// An entry of the payload with its path relative to the target ('/'-separated).
struct Entry : ImageEntry {
    std::string path;
};

std::string join(const std::string& dir, const std::string& name) {
    return dir.empty() ? name : dir + "/" + name;
}

// Lists every entry under `dir`, parents before children.
core::Status walk(SquashfsImage& image, const ImageEntry& dir, const std::string& prefix,
                  size_t depth, std::vector<Entry>& out) {
    if (depth > kMaxDepth) return core::make_error("directories nested too deeply");
    auto listed = image.list(dir, prefix);
    if (!listed) return listed.error();
    std::set<std::string> seen;
    for (ImageEntry& found : *listed) {
        const std::string& name = found.name;
        if (!core::is_safe_entry_name(name)) {
            std::string why = "unsafe name '" + name;
            return core::make_error(why.append("' in directory '").append(prefix).append("'"));
        }
        if (!seen.insert(name).second) {
            return core::make_error("duplicate name '" + join(prefix, name) + "'");
        }
        std::string path = join(prefix, name);
        Entry entry{std::move(found), std::move(path)};
        out.push_back(entry);
        if (entry.kind == Kind::directory) {
            if (auto st = walk(image, entry, entry.path, depth + 1, out); !st) return st;
        }
    }
    return {};
}

// Keeps the selected entries and the directories leading to them.
std::vector<Entry> select(std::vector<Entry> all, const std::vector<std::string>& patterns) {
    if (patterns.empty()) return all;
    std::set<std::string> needed_dirs;
    std::vector<bool> selected(all.size());
    for (size_t i = 0; i < all.size(); ++i) {
        selected[i] = core::path_selected(all[i].path, patterns);
        if (!selected[i]) continue;
        for (size_t slash = all[i].path.find('/'); slash != std::string::npos;
             slash = all[i].path.find('/', slash + 1)) {
            needed_dirs.insert(all[i].path.substr(0, slash));
        }
    }
    std::vector<Entry> kept;
    for (size_t i = 0; i < all.size(); ++i) {
        if (selected[i] || (all[i].kind == Kind::directory && needed_dirs.count(all[i].path))) {
            kept.push_back(std::move(all[i]));
        }
    }
    return kept;
}

// Setuid and setgid bits are always dropped; write bits too for read-only trees.
mode_t mode_mask(const ExtractRequest& request) {
    return request.read_only ? 01555 : 01777;
}

timespec to_time(uint32_t seconds) {
    return timespec{static_cast<time_t>(seconds), 0};
}

// Copies one regular file out of the image. Setuid and setgid bits are dropped.
core::Status extract_file(SquashfsImage& image, int root_fd, const Entry& entry,
                          mode_t allowed_mode, std::vector<char>& buffer,
                          std::atomic<uint64_t>& bytes_done) {
    int fd = ::openat(root_fd, entry.path.c_str(),
                      O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return core::make_error("cannot create '" + entry.path + "': " + errno_text());
    core::Status status;
    for (uint64_t offset = 0; offset < entry.size && status;) {
        auto length = image.read(entry, offset, buffer);
        if (!length || *length == 0) {
            status = core::make_error("corrupt data in '" + entry.path + "'");
            break;
        }
        if (!os::write_all(fd, std::string_view(buffer.data(), *length))) {
            status = core::make_error("cannot write '" + entry.path + "': " + errno_text());
        }
        offset += *length;
        bytes_done += *length;
    }
    if (status) {
        timespec times[2] = {to_time(entry.mtime), to_time(entry.mtime)};
        if (::fchmod(fd, entry.mode & allowed_mode) != 0 || ::futimens(fd, times) != 0) {
            status =
                core::make_error("cannot set attributes of '" + entry.path + "': " + errno_text());
        }
    }
    if (::close(fd) != 0 && status) {
        status = core::make_error("cannot write '" + entry.path + "': " + errno_text());
    }
    return status;
}

struct Plan {
    std::vector<const Entry*> files;                           // to copy, in parallel
    std::vector<std::pair<const Entry*, const Entry*>> links;  // hard link, first copy
};

Plan plan_files(const std::vector<Entry>& entries) {
    Plan plan;
    std::unordered_map<uint32_t, const Entry*> first_copy;
    for (const Entry& e : entries) {
        if (e.kind != Kind::file) continue;
        auto [it, inserted] = first_copy.emplace(e.inode_number, &e);
        if (inserted) {
            plan.files.push_back(&e);
        } else {
            plan.links.emplace_back(&e, it->second);
        }
    }
    return plan;
}

core::Status copy_files_in_parallel(const ExtractRequest& request, int root_fd,
                                    const std::vector<const Entry*>& files, uint64_t total_bytes) {
    unsigned threads = request.threads != 0 ? request.threads : std::thread::hardware_concurrency();
    threads = std::max(1U, std::min<unsigned>(threads, static_cast<unsigned>(files.size())));
    std::atomic<size_t> next{0};
    std::atomic<uint64_t> bytes_done{0};
    std::atomic<unsigned> running{threads};
    std::atomic<bool> failed{false};
    std::mutex error_lock;
    core::Status first_error;

    auto worker = [&] {
        auto reader = SquashfsImage::open(request.source, request.payload_offset);
        core::Status status;
        if (!reader) status = reader.error();
        std::vector<char> buffer(kCopyChunk);
        while (status && !failed) {
            size_t index = next++;
            if (index >= files.size()) break;
            status = extract_file(**reader, root_fd, *files[index], mode_mask(request), buffer,
                                  bytes_done);
        }
        if (!status) {
            std::lock_guard lock(error_lock);
            if (!failed.exchange(true)) first_error = status;
        }
        --running;
    };
    // Where threads cannot be started (limits on processes or address space), fewer do the
    // work, or this thread alone.
    std::vector<std::thread> pool;
    for (unsigned i = 0; i < threads; ++i) {
        try {
            pool.emplace_back(worker);
        } catch (const std::system_error&) {
            break;
        }
    }
    running -= threads - static_cast<unsigned>(pool.size());
    if (pool.empty()) {
        ++running;
        worker();
    }
    if (request.progress) {
        ProgressBar bar(total_bytes);
        while (running > 0) {
            bar.update(bytes_done);
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        bar.finish(!failed);
    }
    for (auto& t : pool)
        t.join();
    return first_error;
}

core::Status build_tree(const ExtractRequest& request, int root_fd,
                        const std::vector<Entry>& entries) {
    for (const Entry& e : entries) {
        if (e.kind == Kind::directory && ::mkdirat(root_fd, e.path.c_str(), 0700) != 0) {
            return core::make_error("cannot create '" + e.path + "': " + errno_text());
        }
    }
    Plan plan = plan_files(entries);
    uint64_t total = 0;
    for (const Entry* f : plan.files) {
        if (__builtin_add_overflow(total, f->size, &total)) {
            return core::make_error("file sizes add up to more than 2^64 bytes (corrupt payload)");
        }
    }
    if (auto st = copy_files_in_parallel(request, root_fd, plan.files, total); !st) return st;
    for (auto [link, original] : plan.links) {
        if (::linkat(root_fd, original->path.c_str(), root_fd, link->path.c_str(), 0) != 0) {
            return core::make_error("cannot link '" + link->path + "': " + errno_text());
        }
    }
    for (const Entry& e : entries) {
        timespec times[2] = {to_time(e.mtime), to_time(e.mtime)};
        int made = 0;
        if (e.kind == Kind::symlink) {
            made = ::symlinkat(e.link_target.c_str(), root_fd, e.path.c_str());
        } else if (e.kind == Kind::fifo) {
            made = ::mkfifoat(root_fd, e.path.c_str(), e.mode & 0777);
        } else {
            continue;
        }
        if (made != 0 || ::utimensat(root_fd, e.path.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) {
            return core::make_error("cannot create '" + e.path + "': " + errno_text());
        }
    }
    // Directories last and deepest first, so read-only ones were writable while filled.
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
        if (it->kind != Kind::directory) continue;
        timespec times[2] = {to_time(it->mtime), to_time(it->mtime)};
        if (::fchmodat(root_fd, it->path.c_str(), it->mode & mode_mask(request), 0) != 0 ||
            ::utimensat(root_fd, it->path.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) {
            return core::make_error("cannot set attributes of '" + it->path + "': " + errno_text());
        }
    }
    return {};
}

// Roughly what the tree takes on disk: file data in 4 KiB blocks, a block per directory.
uint64_t footprint(const std::vector<Entry>& entries) {
    constexpr uint64_t kBlock = 4096;
    uint64_t bytes = 0;
    std::set<uint32_t> counted;
    for (const Entry& e : entries) {
        uint64_t more = 0;
        if (e.kind == Kind::directory) more = kBlock;
        if (e.kind == Kind::file && counted.insert(e.inode_number).second) {
            uint64_t blocks = e.size / kBlock + (e.size % kBlock != 0);
            if (__builtin_mul_overflow(blocks, kBlock, &more)) return UINT64_MAX;
        }
        if (__builtin_add_overflow(bytes, more, &bytes)) return UINT64_MAX;
    }
    return bytes;
}

// Staging directories are named ".<base>.XXXXXX" (mkdtemp), an old tree being replaced
// "<staging>.old".
bool is_staging_of(std::string_view name, const std::string& base, bool& old) {
    if (name.size() < base.size() + 2 || name[0] != '.' || name.substr(1, base.size()) != base ||
        name[base.size() + 1] != '.') {
        return false;
    }
    std::string_view rest = name.substr(base.size() + 2);
    old = rest.ends_with(".old");
    if (old) rest.remove_suffix(4);
    return rest.size() == 6 && rest.find('/') == std::string_view::npos;
}

// True when no extraction holds `path`'s lock: it was killed (or never started).
bool unlocked(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return errno == ENOENT;
    bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
    ::close(fd);
    return free;
}

// An extraction holds its staging directory locked until the tree is in place, so an
// unlocked one beside the target is what an extraction killed half way left behind; so is an
// old tree whose staging partner is gone or unlocked. Both are removed.
void remove_killed_extractions(const std::string& parent, const std::string& base) {
    for (const std::string& name : os::list_directory(parent)) {
        bool old = false;
        if (!is_staging_of(name, base, old)) continue;
        std::string path = os::join_path(parent, name);
        std::string staging = old ? path.substr(0, path.size() - 4) : path;
        if (unlocked(staging)) {
            print_debug("removing what a killed extraction left: " + path);
            os::remove_tree(path);
        }
    }
}

}  // namespace

core::Result<uint64_t> extract_payload(const ExtractRequest& request) {
    auto reader = SquashfsImage::open(request.source, request.payload_offset);
    if (!reader) return reader.error();
    auto root = (*reader)->root();
    if (!root) return root.error();
    std::vector<Entry> all;
    if (auto st = walk(**reader, *root, "", 0, all); !st) return st.error();
    std::vector<Entry> entries = select(std::move(all), request.patterns);
    // Patterns that select nothing leave any earlier tree as it is.
    if (entries.empty() && !request.patterns.empty())
        return core::make_error("nothing in the payload matches the patterns");

    size_t slash = request.target.rfind('/');
    std::string parent = slash == std::string::npos ? "." : request.target.substr(0, slash + 1);
    std::string base =
        slash == std::string::npos ? request.target : request.target.substr(slash + 1);
    remove_killed_extractions(parent, base);
    std::string staging = parent + (parent.back() == '/' ? "" : "/") + "." + base + ".XXXXXX";
    if (::mkdtemp(staging.data()) == nullptr) {
        return core::make_error("cannot create a directory beside " + request.target + ": " +
                                errno_text());
    }
    // Held until the tree is in place (closed last), so that no other extraction takes the
    // staging directory for a killed one's.
    int root_fd = ::open(staging.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    core::Status status = root_fd < 0 || ::flock(root_fd, LOCK_EX) != 0
                              ? core::make_error(staging + ": " + errno_text())
                              : build_tree(request, root_fd, entries);
    if (status) {
        timespec times[2] = {to_time(root->mtime), to_time(root->mtime)};
        ::fchmod(root_fd, root->mode & mode_mask(request));
        ::futimens(root_fd, times);
    }

    if (status) {
        // Replace the old tree: move it aside (rename never follows a final symlink).
        std::string old_tree = staging + ".old";
        struct stat st {};
        bool had_old = ::lstat(request.target.c_str(), &st) == 0;
        if (had_old && ::rename(request.target.c_str(), old_tree.c_str()) != 0) {
            status = core::make_error("cannot replace " + request.target + ": " + errno_text());
        } else if (::rename(staging.c_str(), request.target.c_str()) != 0) {
            status = core::make_error("cannot create " + request.target + ": " + errno_text());
            if (had_old) ::rename(old_tree.c_str(), request.target.c_str());
        } else if (had_old) {
            os::remove_tree(old_tree);
        }
    }
    if (!status) os::remove_tree(staging);
    if (root_fd >= 0) ::close(root_fd);
    if (!status) return status.error();
    return footprint(entries);
}

}  // namespace squashrun::runtime
