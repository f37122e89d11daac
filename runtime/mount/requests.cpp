// The request handlers: each borrows a squashfuse instance, answers, and gives it back. They
// keep no state between requests (node ids map to inode ids directly, see node_ids.hpp), so
// they can run on any number of threads.
#include "runtime/mount/requests.hpp"

#define FUSE_USE_VERSION 34
#include <fuse3/fuse_lowlevel.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <string>

extern "C" {
#include <squashfuse/squashfuse.h>
}

#include "runtime/image/xattr_names.hpp"
#include "runtime/mount/node_ids.hpp"
#include "runtime/mount/served_image.hpp"

namespace squashrun::runtime {
namespace {

// How long the kernel may keep what it was told: the image is read-only and a changed
// AppImage file gets a new mount, so as long as the mount lives.
constexpr double kForever = 365.0 * 24 * 3600;

RequestContext& context_of(fuse_req_t req) {
    return *static_cast<RequestContext*>(fuse_req_userdata(req));
}

ServedImage& image_of(fuse_req_t req) {
    return context_of(req).image;
}

// A borrowed instance and the inode behind `node`; replies with the error itself when there
// is none (the reply is then sent and ok() is false).
struct Request {
    fuse_req_t req;
    ServedImage& image;
    core::Result<ServedImage::Reader> reader;
    sqfs_inode inode{};
    bool ok_ = false;

    Request(fuse_req_t r, fuse_ino_t node) : req(r), image(image_of(r)), reader(image.borrow()) {
        if (!reader) {
            fuse_reply_err(req, EIO);
            return;
        }
        ok_ = get(inode_id_of(node, image.root_inode_id()), inode);
        if (!ok_) fuse_reply_err(req, EIO);
    }
    bool ok() const { return ok_; }
    sqfs* fs() const { return reader->fs(); }
    bool get(uint64_t inode_id, sqfs_inode& out) const {
        return sqfs_inode_get(fs(), &out, inode_id) == SQFS_OK;
    }
};

// The attributes of `inode` as stat(2) reports them.
bool describe(sqfs* fs, const sqfs_inode& inode, struct stat& st) {
    st = {};
    st.st_ino = inode.base.inode_number;
    st.st_mode = inode.base.mode;  // sqfs_inode_get adds the file type
    st.st_nlink = inode.nlink;
    st.st_mtime = st.st_ctime = st.st_atime = inode.base.mtime;
    st.st_blksize = fs->sb.block_size;
    if (S_ISREG(st.st_mode)) {
        st.st_size = static_cast<off_t>(inode.xtra.reg.file_size);
    } else if (S_ISLNK(st.st_mode)) {
        st.st_size = static_cast<off_t>(inode.xtra.symlink_size);
    } else if (S_ISDIR(st.st_mode)) {
        st.st_size = inode.xtra.dir.dir_size;
    } else if (S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode)) {
        st.st_rdev = makedev(inode.xtra.dev.major, inode.xtra.dev.minor);
    }
    st.st_blocks = (st.st_size + 511) / 512;
    sqfs_id_t id = 0;
    if (sqfs_id_get(fs, inode.base.uid, &id) != SQFS_OK) return false;
    st.st_uid = id;
    if (sqfs_id_get(fs, inode.base.guid, &id) != SQFS_OK) return false;
    st.st_gid = id;
    return true;
}

bool fill_entry(const Request& r, uint64_t inode_id, fuse_entry_param& entry) {
    sqfs_inode inode{};
    if (!r.get(inode_id, inode) || !describe(r.fs(), inode, entry.attr)) return false;
    entry.ino = node_of(inode_id, r.image.root_inode_id());
    entry.attr_timeout = entry.entry_timeout = kForever;
    return true;
}

void on_init(void* userdata, fuse_conn_info* conn) {
    auto& context = *static_cast<RequestContext*>(userdata);
    conn->want |=
        conn->capable & (FUSE_CAP_CACHE_SYMLINKS | FUSE_CAP_PARALLEL_DIROPS | FUSE_CAP_ASYNC_READ);
    unsigned plus = FUSE_CAP_READDIRPLUS | FUSE_CAP_READDIRPLUS_AUTO;
    if (context.options.readdirplus) {
        conn->want |= conn->capable & plus;
    } else {
        conn->want &= ~plus;
    }
    // Pages stay cached while nothing changes the image; the kernel must not drop them on an
    // attribute refresh either.
    conn->want &= ~FUSE_CAP_AUTO_INVAL_DATA;
    context.no_open = context.options.no_open && (conn->capable & FUSE_CAP_NO_OPEN_SUPPORT) != 0;
    context.no_opendir =
        context.options.no_open && (conn->capable & FUSE_CAP_NO_OPENDIR_SUPPORT) != 0;
    if (context.no_open) conn->want |= FUSE_CAP_NO_OPEN_SUPPORT;
    if (context.no_opendir) conn->want |= FUSE_CAP_NO_OPENDIR_SUPPORT;
    context.initialized = true;
}

// Where the kernel supports it, the first open is declined and it stops asking: it then keeps
// each file's pages (and each directory's listing) cached across opens, as it would have been
// told to here.
void on_open(fuse_req_t req, fuse_ino_t, fuse_file_info* fi) {
    if (context_of(req).no_open) return (void)fuse_reply_err(req, ENOSYS);
    fi->keep_cache = 1;
    fuse_reply_open(req, fi);
}

void on_opendir(fuse_req_t req, fuse_ino_t, fuse_file_info* fi) {
    if (context_of(req).no_opendir) return (void)fuse_reply_err(req, ENOSYS);
    fi->keep_cache = 1;
    fi->cache_readdir = 1;
    fuse_reply_open(req, fi);
}

void on_lookup(fuse_req_t req, fuse_ino_t parent, const char* name) {
    Request r(req, parent);
    if (!r.ok()) return;
    if (!S_ISDIR(r.inode.base.mode)) return (void)fuse_reply_err(req, ENOTDIR);
    size_t length = std::strlen(name);
    if (length > SQUASHFS_NAME_LEN) return (void)fuse_reply_err(req, ENAMETOOLONG);
    sqfs_name name_buffer;
    sqfs_dir_entry dentry{};
    sqfs_dentry_init(&dentry, name_buffer);
    bool found = false;
    if (sqfs_dir_lookup(r.fs(), &r.inode, name, length, &dentry, &found) != SQFS_OK) {
        return (void)fuse_reply_err(req, EIO);
    }
    if (ReadRecorder* recorder = context_of(req).recorder; recorder != nullptr) {
        uint64_t node = found ? node_of(sqfs_dentry_inode(&dentry), r.image.root_inode_id()) : 0;
        recorder->note_lookup(parent, std::string_view(name, length), node);
    }
    fuse_entry_param entry{};
    if (!found && !context_of(req).options.negative_entries) {
        return (void)fuse_reply_err(req, ENOENT);
    }
    if (!found) {
        // Node 0 is a negative entry: the kernel remembers that the name does not exist.
        entry.entry_timeout = kForever;
        return (void)fuse_reply_entry(req, &entry);
    }
    if (!fill_entry(r, sqfs_dentry_inode(&dentry), entry)) return (void)fuse_reply_err(req, EIO);
    fuse_reply_entry(req, &entry);
}

void on_forget(fuse_req_t req, fuse_ino_t, uint64_t) {
    fuse_reply_none(req);
}

void on_forget_multi(fuse_req_t req, size_t, fuse_forget_data*) {
    fuse_reply_none(req);
}

void on_getattr(fuse_req_t req, fuse_ino_t node, fuse_file_info*) {
    Request r(req, node);
    if (!r.ok()) return;
    struct stat st {};
    if (!describe(r.fs(), r.inode, st)) return (void)fuse_reply_err(req, EIO);
    fuse_reply_attr(req, &st, kForever);
}

void on_readlink(fuse_req_t req, fuse_ino_t node) {
    Request r(req, node);
    if (!r.ok()) return;
    if (!S_ISLNK(r.inode.base.mode)) return (void)fuse_reply_err(req, EINVAL);
    size_t size = 0;  // with the terminating NUL
    // A target longer than a path can be is corrupt (and would cost its declared size).
    if (sqfs_readlink(r.fs(), &r.inode, nullptr, &size) != SQFS_OK || size > PATH_MAX) {
        return (void)fuse_reply_err(req, EIO);
    }
    std::vector<char>& target = r.reader->buffer();
    target.resize(size + 1);
    if (sqfs_readlink(r.fs(), &r.inode, target.data(), &size) != SQFS_OK) {
        return (void)fuse_reply_err(req, EIO);
    }
    target[size] = '\0';
    fuse_reply_readlink(req, target.data());
}

void on_read(fuse_req_t req, fuse_ino_t node, size_t size, off_t offset, fuse_file_info*) {
    if (offset < 0) return (void)fuse_reply_err(req, EINVAL);
    RequestContext& context = context_of(req);
    auto reader = context.image.borrow();
    if (!reader) return (void)fuse_reply_err(req, EIO);
    long got = reader->read(inode_id_of(node, context.image.root_inode_id()),
                            static_cast<uint64_t>(offset), size);
    if (got < 0) return (void)fuse_reply_err(req, static_cast<int>(-got));
    if (context.recorder != nullptr && got > 0) {
        context.recorder->note(node, static_cast<uint64_t>(offset), static_cast<uint32_t>(got));
    }
    fuse_reply_buf(req, reader->buffer().data(), static_cast<size_t>(got));
}

// Offsets: 0 is ".", 1 is "..", and an entry's is squashfuse's offset after it plus 2.
void list_directory(fuse_req_t req, fuse_ino_t node, size_t size, off_t offset, bool plus) {
    Request r(req, node);
    if (!r.ok()) return;
    if (!S_ISDIR(r.inode.base.mode)) return (void)fuse_reply_err(req, ENOTDIR);
    ReadRecorder* recorder = context_of(req).recorder;
    if (recorder != nullptr && offset == 0) recorder->note_listing(node);
    std::vector<char>& out = r.reader->buffer();
    if (out.size() < size) out.resize(size);
    size_t used = 0;
    // Adds one entry; false when it does not fit (it is then sent in the next request).
    auto add = [&](const char* name, const fuse_entry_param& entry, off_t next) {
        size_t room = size - used;
        size_t need =
            plus ? fuse_add_direntry_plus(req, out.data() + used, room, name, &entry, next)
                 : fuse_add_direntry(req, out.data() + used, room, name, &entry.attr, next);
        if (need > room) return false;
        used += need;
        return true;
    };
    fuse_entry_param dot{};
    dot.attr.st_mode = S_IFDIR;
    dot.attr.st_ino = r.inode.base.inode_number;
    if (offset < 1 && !add(".", dot, 1)) return (void)fuse_reply_buf(req, out.data(), used);
    dot.attr.st_ino = r.inode.xtra.dir.parent_inode;
    if (offset < 2 && !add("..", dot, 2)) return (void)fuse_reply_buf(req, out.data(), used);

    sqfs_dir dir{};
    if (sqfs_dir_open(r.fs(), &r.inode, &dir, offset > 2 ? offset - 2 : 0) != SQFS_OK) {
        return (void)fuse_reply_err(req, EIO);
    }
    sqfs_name name_buffer;
    sqfs_dir_entry dentry{};
    sqfs_dentry_init(&dentry, name_buffer);
    sqfs_err err = SQFS_OK;
    while (sqfs_dir_next(r.fs(), &dir, &dentry, &err)) {
        fuse_entry_param entry{};
        if (plus) {
            if (!fill_entry(r, sqfs_dentry_inode(&dentry), entry)) {
                return (void)fuse_reply_err(req, EIO);
            }
        } else {
            entry.attr.st_ino = sqfs_dentry_inode_num(&dentry);
            entry.attr.st_mode = sqfs_dentry_mode(&dentry);
        }
        auto next = static_cast<off_t>(sqfs_dentry_next_offset(&dentry) + 2);
        if (!add(sqfs_dentry_name(&dentry), entry, next)) break;
        if (plus && recorder != nullptr) {
            recorder->note_entry(node, sqfs_dentry_name(&dentry), entry.ino);
        }
    }
    if (err != SQFS_OK) return (void)fuse_reply_err(req, EIO);
    fuse_reply_buf(req, out.data(), used);
}

void on_readdir(fuse_req_t req, fuse_ino_t node, size_t size, off_t offset, fuse_file_info*) {
    list_directory(req, node, size, offset, false);
}

void on_readdirplus(fuse_req_t req, fuse_ino_t node, size_t size, off_t offset, fuse_file_info*) {
    list_directory(req, node, size, offset, true);
}

void on_statfs(fuse_req_t req, fuse_ino_t) {
    auto reader = image_of(req).borrow();
    if (!reader) return (void)fuse_reply_err(req, EIO);
    const squashfs_super_block& sb = reader->fs()->sb;
    struct statvfs st {};
    st.f_bsize = st.f_frsize = sb.block_size;
    st.f_blocks = (sb.bytes_used + sb.block_size - 1) / sb.block_size;
    st.f_files = sb.inodes;
    st.f_namemax = SQUASHFS_NAME_LEN;
    st.f_flag = ST_RDONLY;
    fuse_reply_statfs(req, &st);
}

bool declines_xattrs(fuse_req_t req) {
    return context_of(req).options.decline_xattrs && !image_of(req).has_xattrs();
}

void on_getxattr(fuse_req_t req, fuse_ino_t node, const char* name, size_t size) {
    // Without xattrs in the image, the kernel is told once that there are none to ask for:
    // it would otherwise ask for security.capability on every exec.
    if (declines_xattrs(req)) return (void)fuse_reply_err(req, ENOSYS);
    Request r(req, node);
    if (!r.ok()) return;
    std::vector<char>& value = r.reader->buffer();
    if (value.size() < size) value.resize(size);
    size_t found = size;  // in: room; out: the value's size, 0 when there is none
    if (sqfs_xattr_lookup(r.fs(), &r.inode, name, value.data(), &found) != SQFS_OK) {
        return (void)fuse_reply_err(req, EIO);
    }
    if (found == 0) return (void)fuse_reply_err(req, ENODATA);
    if (size == 0) return (void)fuse_reply_xattr(req, found);
    if (size < found) return (void)fuse_reply_err(req, ERANGE);
    fuse_reply_buf(req, value.data(), found);
}

void on_listxattr(fuse_req_t req, fuse_ino_t node, size_t size) {
    if (declines_xattrs(req)) return (void)fuse_reply_err(req, ENOSYS);
    Request r(req, node);
    if (!r.ok()) return;
    sqfs_xattr x{};
    if (sqfs_xattr_open(r.fs(), &r.inode, &x) != SQFS_OK) return (void)fuse_reply_err(req, EIO);
    std::string names;  // each with its prefix and a NUL
    while (x.remain > 0) {
        if (sqfs_xattr_read(&x) != SQFS_OK) return (void)fuse_reply_err(req, EIO);
        // The prefix is ours (squashfuse's pairs two types with each other's).
        std::string_view prefix = xattr_prefix(x.type);
        if (prefix.empty()) return (void)fuse_reply_err(req, EIO);
        names.append(prefix);
        size_t at = names.size();
        names.resize(at + x.entry.size + 1);
        if (sqfs_xattr_name(&x, names.data() + at, false) != SQFS_OK) {
            return (void)fuse_reply_err(req, EIO);
        }
        names.back() = '\0';
    }
    if (size == 0) return (void)fuse_reply_xattr(req, names.size());
    if (size < names.size()) return (void)fuse_reply_err(req, ERANGE);
    fuse_reply_buf(req, names.data(), names.size());
}

// No file here has ioctls: isatty()'s TCGETS, which Python sends for each file it opens, is
// refused without touching the image.
void on_ioctl(fuse_req_t req, fuse_ino_t, int, void*, fuse_file_info*, unsigned, const void*,
              size_t, size_t) {
    fuse_reply_err(req, ENOTTY);
}

const fuse_lowlevel_ops kOperations = [] {
    fuse_lowlevel_ops ops{};
    ops.init = on_init;
    ops.lookup = on_lookup;
    ops.open = on_open;
    ops.opendir = on_opendir;
    ops.forget = on_forget;
    ops.forget_multi = on_forget_multi;
    ops.getattr = on_getattr;
    ops.readlink = on_readlink;
    ops.read = on_read;
    ops.readdir = on_readdir;
    ops.readdirplus = on_readdirplus;
    ops.statfs = on_statfs;
    ops.getxattr = on_getxattr;
    ops.listxattr = on_listxattr;
    ops.ioctl = on_ioctl;
    return ops;
}();

}  // namespace

fuse_session* new_image_session(RequestContext& context) {
    char program[] = "squashrun";
    char* argv[] = {program, nullptr};
    fuse_args args = FUSE_ARGS_INIT(1, argv);
    fuse_lowlevel_ops ops = kOperations;
    if (!context.options.refuse_ioctl) ops.ioctl = nullptr;
    return fuse_session_new(&args, &ops, sizeof ops, &context);
}

}  // namespace squashrun::runtime
