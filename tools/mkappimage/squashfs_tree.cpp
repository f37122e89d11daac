// SquashfsTree: lookups, listings and reads through squashfuse's sqfs_* functions.
#include "squashfs_tree.hpp"

extern "C" {
#include <squashfuse/squashfuse.h>
}

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace squashrun::mkappimage {

struct SquashfsTree::State {
    sqfs fs{};
    int fd = -1;
    bool ready = false;
    ~State() {
        if (ready) sqfs_destroy(&fs);
        if (fd >= 0) ::close(fd);
    }
    // The inode at `path`, without following symlinks.
    bool inode_at(const std::string& path, sqfs_inode& inode) {
        // The lookup starts from the inode passed in: the root.
        if (sqfs_inode_get(&fs, &inode, sqfs_inode_root(&fs)) != SQFS_OK) return false;
        if (path.empty()) return true;
        bool found = false;
        std::string absolute = "/" + path;
        return sqfs_lookup_path(&fs, &inode, absolute.c_str(), &found) == SQFS_OK && found;
    }
};

core::Result<std::unique_ptr<SquashfsTree>> SquashfsTree::open(const std::string& path,
                                                               uint64_t offset,
                                                               const std::string& shown) {
    std::unique_ptr<SquashfsTree> tree(new SquashfsTree);
    tree->image_ = shown.empty() ? path : shown;
    tree->state_ = std::make_unique<State>();
    tree->state_->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (tree->state_->fd < 0) return core::make_error(path + ": " + std::strerror(errno));
    if (sqfs_init(&tree->state_->fs, tree->state_->fd, static_cast<size_t>(offset)) != SQFS_OK) {
        return core::make_error(path + ": not a squashfs image this tool can read");
    }
    tree->state_->ready = true;
    return tree;
}

SquashfsTree::~SquashfsTree() = default;

std::string SquashfsTree::where(const std::string& path) const {
    return image_ + ":" + (path.empty() ? "/" : path);
}

Node SquashfsTree::lookup(const std::string& path) const {
    Node node;
    sqfs_inode inode{};
    if (!state_->inode_at(path, inode)) return node;
    node.mode = inode.base.mode & 07777;
    switch (inode.base.inode_type) {
        case SQUASHFS_DIR_TYPE:
        case SQUASHFS_LDIR_TYPE:
            node.type = NodeType::directory;
            break;
        case SQUASHFS_REG_TYPE:
        case SQUASHFS_LREG_TYPE:
            node.type = NodeType::file;
            break;
        case SQUASHFS_SYMLINK_TYPE:
        case SQUASHFS_LSYMLINK_TYPE: {
            node.type = NodeType::symlink;
            size_t size = 0;
            if (sqfs_readlink(&state_->fs, &inode, nullptr, &size) == SQFS_OK && size > 0) {
                std::string target(size, '\0');
                if (sqfs_readlink(&state_->fs, &inode, target.data(), &size) == SQFS_OK) {
                    node.link_target = target.substr(0, target.find('\0'));
                }
            }
            break;
        }
        default:
            node.type = NodeType::other;
    }
    return node;
}

std::vector<std::string> SquashfsTree::list(const std::string& dir_path) const {
    std::vector<std::string> names;
    sqfs_inode inode{};
    sqfs_dir dir{};
    if (!state_->inode_at(dir_path, inode) ||
        sqfs_dir_open(&state_->fs, &inode, &dir, 0) != SQFS_OK) {
        return names;
    }
    sqfs_name name_buffer;
    sqfs_dir_entry entry{};
    sqfs_dentry_init(&entry, name_buffer);
    sqfs_err err = SQFS_OK;
    while (sqfs_dir_next(&state_->fs, &dir, &entry, &err)) {
        names.emplace_back(sqfs_dentry_name(&entry), sqfs_dentry_name_size(&entry));
    }
    return names;
}

core::Result<std::string> SquashfsTree::read(const std::string& path, size_t limit) const {
    sqfs_inode inode{};
    if (!state_->inode_at(path, inode)) return core::make_error(where(path) + ": missing");
    if (inode.base.inode_type != SQUASHFS_REG_TYPE && inode.base.inode_type != SQUASHFS_LREG_TYPE) {
        return core::make_error(where(path) + ": not a regular file");
    }
    uint64_t size = std::min<uint64_t>(inode.xtra.reg.file_size, limit);
    std::string content(static_cast<size_t>(size), '\0');
    sqfs_off_t length = static_cast<sqfs_off_t>(size);
    if (size > 0 && sqfs_read_range(&state_->fs, &inode, 0, &length, content.data()) != SQFS_OK) {
        return core::make_error(where(path) + ": corrupt data");
    }
    content.resize(static_cast<size_t>(length));
    return content;
}

}  // namespace squashrun::mkappimage
