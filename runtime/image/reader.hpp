// THE reader of squashfs payloads: every squashfuse instance in the project is set up here
// (extraction, the mount server, mkappimage), over a SourceHandle, so every byte it reads
// passes through one seam.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/format/byte_source.hpp"
#include "core/result.hpp"
#include "runtime/image/source_handle.hpp"

struct sqfs;

namespace squashrun::runtime {

// Sets up squashfuse's `fs` to read the squashfs image at `offset` of `handle`'s source.
// The one call of sqfs_init; the mount server's ServedImage uses it for each of its instances.
core::Status init_squashfs(sqfs& fs, const SourceHandle& handle, uint64_t offset);
// Frees what a successful init_squashfs allocated: sqfs_destroy, and the xattr table, which
// squashfuse 0.1.105 never frees (found by the extract fuzz target's leak check).
void destroy_squashfs(sqfs& fs);

enum class EntryKind { directory, file, symlink, fifo, other };

// An inode of the image as found in its directory (or the root).
struct ImageEntry {
    std::string name;  // "" for the root
    EntryKind kind = EntryKind::other;
    uint32_t mode = 0;  // permission bits (07777)
    uint32_t mtime = 0;
    uint64_t inode_id = 0;      // where the inode is, to read it again
    uint32_t inode_number = 0;  // equal for hard links
    uint64_t size = 0;          // regular files: bytes of content
    std::string link_target;    // symlinks
};

// One open squashfs image. Not thread-safe (squashfuse's caches are per instance): threads
// open their own. Errors say what is corrupt; callers add the file's name.
class SquashfsImage {
  public:
    static core::Result<std::unique_ptr<SquashfsImage>> open(
        std::shared_ptr<const core::ByteSource> source, uint64_t offset);
    ~SquashfsImage();
    SquashfsImage(const SquashfsImage&) = delete;
    SquashfsImage& operator=(const SquashfsImage&) = delete;

    core::Result<ImageEntry> root();
    // The entries of directory `dir`, in the image's order (sorted by name when well formed).
    // Errors name the entry by its path below `dir_path` (the directory's, for messages).
    core::Result<std::vector<ImageEntry>> list(const ImageEntry& dir,
                                               std::string_view dir_path = "");
    // Only the names, without reading the entries' inodes.
    core::Result<std::vector<std::string>> list_names(const ImageEntry& dir);
    // The entry at `path` (relative, '/'-separated; "" is the root), symlinks not followed;
    // nullopt when there is none.
    core::Result<std::optional<ImageEntry>> lookup(std::string_view path);
    // Reads up to out.size() bytes of regular file `file` from `offset`; returns how many.
    core::Result<size_t> read(const ImageEntry& file, uint64_t offset, std::span<char> out);

  private:
    explicit SquashfsImage(SourceHandle handle);
    core::Status each_dentry(
        const ImageEntry& dir, std::string_view dir_path,
        const std::function<core::Status(std::string name, uint64_t inode_id)>& visit);
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace squashrun::runtime
