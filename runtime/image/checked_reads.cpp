// A checked sqfs_read_range, replacing squashfuse's (Debian 12's 0.1.105) like those in
// checked_squashfuse.cpp (see there how). squashfuse copied from a data block or a fragment
// at the offsets the inode declares without comparing them with the block's real size, so a
// file whose fragment offset or size points past its (shorter) block was read from beyond the
// block's buffer: a heap over-read, found by the extract fuzz target. The sizes are checked
// here; otherwise the reading is the same: data blocks in turn, sparse blocks as zeros, then
// the fragment holding the file's tail.
#include <sys/stat.h>

#include <algorithm>
#include <cstring>

extern "C" {
#include <squashfuse/squashfuse.h>
}

extern "C" sqfs_err sqfs_read_range(sqfs* fs, sqfs_inode* inode, sqfs_off_t start, sqfs_off_t* size,
                                    void* buf) {
    if (!S_ISREG(inode->base.mode)) return SQFS_ERR;
    const auto file_size = static_cast<uint64_t>(inode->xtra.reg.file_size);
    const size_t block_size = fs->sb.block_size;
    if (*size < 0 || start < 0 || static_cast<uint64_t>(start) > file_size) return SQFS_ERR;
    if (static_cast<uint64_t>(start) == file_size) {
        *size = 0;
        return SQFS_OK;
    }
    sqfs_blocklist list{};
    if (sqfs_err err = sqfs_blockidx_blocklist(fs, inode, &list, start); err != SQFS_OK) return err;
    size_t skip = static_cast<size_t>(start) % block_size;  // into the first block read
    auto* out = static_cast<char*>(buf);
    auto want = static_cast<uint64_t>(*size);
    while (want > 0) {
        sqfs_block* block = nullptr;  // none: a sparse block, all zeros
        size_t from = 0;              // where the file's bytes start in the block
        size_t length = 0;            // how many of them the block holds
        bool fragment = list.remain == 0;
        if (fragment) {
            if (inode->xtra.reg.frag_idx == SQUASHFS_INVALID_FRAG) break;
            if (sqfs_err err = sqfs_frag_block(fs, inode, &from, &length, &block); err != SQFS_OK)
                return err;
        } else {
            if (sqfs_err err = sqfs_blocklist_next(&list); err != SQFS_OK) return err;
            if (list.pos + block_size <= static_cast<uint64_t>(start)) continue;
            if (list.pos >= file_size) return SQFS_ERR;
            if (list.input_size == 0) {
                length = static_cast<size_t>(std::min<uint64_t>(file_size - list.pos, block_size));
            } else {
                if (sqfs_err err =
                        sqfs_data_cache(fs, &fs->data_cache, static_cast<sqfs_off_t>(list.block),
                                        list.header, &block);
                    err != SQFS_OK) {
                    return err;
                }
                length = block->size;
            }
        }
        // The declared offsets and sizes must lie inside the block that was read.
        if (skip > length) return SQFS_ERR;
        if (block != nullptr && (from > block->size || length > block->size - from))
            return SQFS_ERR;
        size_t take = static_cast<size_t>(std::min<uint64_t>(length - skip, want));
        if (block != nullptr) {
            std::memcpy(out, static_cast<const char*>(block->data) + from + skip, take);
        } else {
            std::memset(out, 0, take);
        }
        skip = 0;
        want -= take;
        out += take;
        if (fragment) break;
    }
    *size = out - static_cast<char*>(buf);
    return *size != 0 ? SQFS_OK : SQFS_ERR;
}
