// SquashfsImage over squashfuse's sqfs_* functions, and the one sqfs_init.
#include "runtime/image/reader.hpp"

#include "core/format/payload.hpp"

#include <algorithm>
#include <climits>

extern "C" {
#include <squashfuse/squashfuse.h>
}

namespace squashrun::runtime {
namespace {

EntryKind kind_of(int inode_type) {
    switch (inode_type) {
        case SQUASHFS_DIR_TYPE:
        case SQUASHFS_LDIR_TYPE:
            return EntryKind::directory;
        case SQUASHFS_REG_TYPE:
        case SQUASHFS_LREG_TYPE:
            return EntryKind::file;
        case SQUASHFS_SYMLINK_TYPE:
        case SQUASHFS_LSYMLINK_TYPE:
            return EntryKind::symlink;
        case SQUASHFS_FIFO_TYPE:
        case SQUASHFS_LFIFO_TYPE:
            return EntryKind::fifo;
        default:
            return EntryKind::other;
    }
}

// The entry described by `inode`, read from `id`.
core::Result<ImageEntry> describe(sqfs* fs, sqfs_inode& inode, sqfs_inode_id id, std::string name) {
    ImageEntry entry;
    entry.name = std::move(name);
    entry.kind = kind_of(inode.base.inode_type);
    entry.mode = inode.base.mode & 07777;
    entry.mtime = inode.base.mtime;
    entry.inode_id = id;
    entry.inode_number = inode.base.inode_number;
    if (entry.kind == EntryKind::file) entry.size = inode.xtra.reg.file_size;
    if (entry.kind == EntryKind::symlink) {
        size_t size = 0;
        // A target longer than a path can be is corrupt (and would cost its declared size).
        if (sqfs_readlink(fs, &inode, nullptr, &size) != SQFS_OK || size == 0 || size > PATH_MAX) {
            return core::make_error("corrupt symlink");
        }
        std::string target(size, '\0');
        if (sqfs_readlink(fs, &inode, target.data(), &size) != SQFS_OK) {
            return core::make_error("corrupt symlink");
        }
        // squashfuse counts the terminating NUL in `size`.
        if (size_t end = target.find('\0'); end != std::string::npos) target.resize(end);
        entry.link_target = std::move(target);
    }
    return entry;
}

}  // namespace

core::Status init_squashfs(sqfs& fs, const SourceHandle& handle, uint64_t offset) {
    // Our own checks of the superblock first: squashfuse trusts it (a zero size once made it
    // dereference a null pointer, found by the extract fuzz target).
    if (auto sb = core::read_superblock(handle.source(), offset); !sb) return sb.error();
    if (sqfs_init(&fs, handle.fd(), static_cast<size_t>(offset)) != SQFS_OK) {
        sqfs_table_destroy(&fs.xattr_table);  // sqfs_init frees the rest
        return core::make_error("cannot read the squashfs payload");
    }
    return {};
}

void destroy_squashfs(sqfs& fs) {
    sqfs_destroy(&fs);
    sqfs_table_destroy(&fs.xattr_table);
}

struct SquashfsImage::State {
    SourceHandle handle;
    sqfs fs{};
    bool ready = false;
    explicit State(SourceHandle h) : handle(std::move(h)) {}
    ~State() {
        if (ready) destroy_squashfs(fs);
    }
    core::Status inode(const ImageEntry& entry, sqfs_inode& out) {
        if (sqfs_inode_get(&fs, &out, entry.inode_id) != SQFS_OK) {
            return core::make_error("corrupt inode of '" + entry.name + "'");
        }
        return {};
    }
};

SquashfsImage::SquashfsImage(SourceHandle handle)
    : state_(std::make_unique<State>(std::move(handle))) {}

SquashfsImage::~SquashfsImage() = default;

core::Result<std::unique_ptr<SquashfsImage>> SquashfsImage::open(
    std::shared_ptr<const core::ByteSource> source, uint64_t offset) {
    auto handle = SourceHandle::open(std::move(source));
    if (!handle) return handle.error();
    std::unique_ptr<SquashfsImage> image(new SquashfsImage(std::move(*handle)));
    if (auto st = init_squashfs(image->state_->fs, image->state_->handle, offset); !st) {
        return st.error();
    }
    image->state_->ready = true;
    return image;
}

core::Result<ImageEntry> SquashfsImage::root() {
    sqfs* fs = &state_->fs;
    sqfs_inode inode{};
    sqfs_inode_id id = sqfs_inode_root(fs);
    if (sqfs_inode_get(fs, &inode, id) != SQFS_OK) {
        return core::make_error("corrupt root directory");
    }
    return describe(fs, inode, id, "");
}

core::Status SquashfsImage::each_dentry(
    const ImageEntry& dir_entry, std::string_view dir_path,
    const std::function<core::Status(std::string name, uint64_t inode_id)>& visit) {
    sqfs* fs = &state_->fs;
    sqfs_inode dir_inode{};
    sqfs_dir dir{};
    std::string shown = "corrupt directory '" + std::string(dir_path) + "'";
    if (!state_->inode(dir_entry, dir_inode) || sqfs_dir_open(fs, &dir_inode, &dir, 0) != SQFS_OK) {
        return core::make_error(shown);
    }
    sqfs_name name_buffer;
    sqfs_dir_entry dentry{};
    sqfs_dentry_init(&dentry, name_buffer);
    sqfs_err err = SQFS_OK;
    while (sqfs_dir_next(fs, &dir, &dentry, &err)) {
        std::string name(sqfs_dentry_name(&dentry), sqfs_dentry_name_size(&dentry));
        if (auto st = visit(std::move(name), sqfs_dentry_inode(&dentry)); !st) return st;
    }
    if (err != SQFS_OK) return core::make_error(shown);
    return {};
}

core::Result<std::vector<ImageEntry>> SquashfsImage::list(const ImageEntry& dir,
                                                          std::string_view dir_path) {
    sqfs* fs = &state_->fs;
    std::vector<ImageEntry> entries;
    auto listed = each_dentry(dir, dir_path, [&](std::string name, uint64_t id) -> core::Status {
        std::string path = dir_path.empty() ? name : std::string(dir_path) + "/" + name;
        sqfs_inode inode{};
        if (sqfs_inode_get(fs, &inode, id) != SQFS_OK) {
            return core::make_error("corrupt inode of '" + path + "'");
        }
        auto entry = describe(fs, inode, id, std::move(name));
        if (!entry) return core::make_error(entry.message() + " '" + path + "'");
        entries.push_back(std::move(*entry));
        return {};
    });
    if (!listed) return listed.error();
    return entries;
}

core::Result<std::vector<std::string>> SquashfsImage::list_names(const ImageEntry& dir) {
    std::vector<std::string> names;
    auto listed = each_dentry(dir, dir.name, [&](std::string name, uint64_t) -> core::Status {
        names.push_back(std::move(name));
        return {};
    });
    if (!listed) return listed.error();
    return names;
}

core::Result<std::optional<ImageEntry>> SquashfsImage::lookup(std::string_view path) {
    sqfs* fs = &state_->fs;
    sqfs_inode_id id = sqfs_inode_root(fs);
    sqfs_inode inode{};
    if (sqfs_inode_get(fs, &inode, id) != SQFS_OK) {
        return core::make_error("corrupt root directory");
    }
    std::string name;
    sqfs_name name_buffer;
    for (size_t start = 0; start < path.size();) {
        size_t slash = std::min(path.find('/', start), path.size());
        std::string_view part = path.substr(start, slash - start);
        start = slash + 1;
        if (part.empty()) continue;
        if (kind_of(inode.base.inode_type) != EntryKind::directory)
            return std::optional<ImageEntry>();
        sqfs_dir_entry dentry{};
        sqfs_dentry_init(&dentry, name_buffer);
        bool found = false;
        if (sqfs_dir_lookup(fs, &inode, part.data(), part.size(), &dentry, &found) != SQFS_OK) {
            return core::make_error("corrupt directory on the way to '" + std::string(path) + "'");
        }
        if (!found) return std::optional<ImageEntry>();
        id = sqfs_dentry_inode(&dentry);
        if (sqfs_inode_get(fs, &inode, id) != SQFS_OK) {
            return core::make_error("corrupt inode of '" + std::string(path) + "'");
        }
        name = part;
    }
    auto entry = describe(fs, inode, id, name);
    if (!entry) return core::make_error(entry.message() + " '" + std::string(path) + "'");
    return std::optional<ImageEntry>(std::move(*entry));
}

core::Result<size_t> SquashfsImage::read(const ImageEntry& file, uint64_t offset,
                                         std::span<char> out) {
    if (file.kind != EntryKind::file) return core::make_error("'" + file.name + "' is no file");
    if (offset >= file.size || out.empty()) return size_t{0};
    sqfs_inode inode{};
    if (auto st = state_->inode(file, inode); !st) return st.error();
    sqfs_off_t length = static_cast<sqfs_off_t>(std::min<uint64_t>(out.size(), file.size - offset));
    if (sqfs_read_range(&state_->fs, &inode, static_cast<sqfs_off_t>(offset), &length,
                        out.data()) != SQFS_OK ||
        length <= 0) {
        return core::make_error("corrupt data in '" + file.name + "'");
    }
    return static_cast<size_t>(length);
}

}  // namespace squashrun::runtime
