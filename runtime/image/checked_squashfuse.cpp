// Checked versions of squashfuse's block reads (Debian 12 ships 0.1.105), replacing the
// library's; checked_*.cpp beside this hold the others. The build weakens the archive's
// definitions (SQUASHRUN_CHECKED_SQUASHFUSE in cmake/StaticDeps.cmake) and pulls these in
// (-Wl,--undefined), so every caller, squashfuse's own functions included, gets them. The
// problems were found by the extract fuzz target, and hit extraction and the mount server
// alike:
// - sqfs_md_read took a cursor's offset on trust: an inode id or a directory offset pointing
//   past the end of a shorter metadata block made it copy from beyond that block's buffer.
// - A data block's header may declare any size up to 4 GiB, which squashfuse allocated before
//   reading; no block is stored in more than the image's block size.
// - The block caches use position 0 as their "empty" key, so a block asked for at position 0
//   of the image (a table start or a block address that is 0, or wraps around to it) came
//   back as a never-filled entry with a null block. No metadata or data block can lie in the
//   superblock, so such positions are refused before the cache is asked.
#include <algorithm>
#include <cstring>

#include "core/format/payload.hpp"

extern "C" {
#include <squashfuse/squashfuse.h>
}

// In 0.1.105 the caches own their blocks (no reference counts: nothing to release here).
// Later squashfuse versions count references; this fails to build against them rather than
// leak.
static_assert(sizeof(sqfs_block) == sizeof(size_t) + sizeof(void*),
              "squashfuse's blocks are reference-counted: update checked_squashfuse.cpp");

namespace {

// squashfuse's positions count from the image's start (it adds fs->offset when it reads);
// blocks lie after the superblock.
bool after_superblock(sqfs_off_t pos) {
    return pos >= static_cast<sqfs_off_t>(squashrun::core::kSuperblockSize);
}

}  // namespace

extern "C" sqfs_err sqfs_md_cache(sqfs* fs, sqfs_off_t* pos, sqfs_block** block) {
    if (!after_superblock(*pos)) return SQFS_ERR;
    auto* entry = static_cast<sqfs_block_cache_entry*>(sqfs_cache_get(&fs->md_cache, *pos));
    if (entry == nullptr) {
        entry = static_cast<sqfs_block_cache_entry*>(sqfs_cache_add(&fs->md_cache, *pos));
        if (sqfs_err err = sqfs_md_block_read(fs, *pos, &entry->data_size, &entry->block);
            err != SQFS_OK) {
            sqfs_cache_invalidate(&fs->md_cache, *pos);
            return err;
        }
    }
    *block = entry->block;
    *pos += static_cast<sqfs_off_t>(entry->data_size);
    return SQFS_OK;
}

extern "C" sqfs_err sqfs_data_cache(sqfs* fs, sqfs_cache* cache, sqfs_off_t pos, uint32_t hdr,
                                    sqfs_block** block) {
    if (!after_superblock(pos)) return SQFS_ERR;
    // A data block or fragment is stored in at most a block's size; squashfuse allocates
    // what the header says (up to 4 GiB).
    if ((hdr & ~SQUASHFS_COMPRESSED_BIT_BLOCK) > fs->sb.block_size) return SQFS_ERR;
    auto* entry = static_cast<sqfs_block_cache_entry*>(sqfs_cache_get(cache, pos));
    if (entry == nullptr) {
        entry = static_cast<sqfs_block_cache_entry*>(sqfs_cache_add(cache, pos));
        if (sqfs_err err = sqfs_data_block_read(fs, pos, hdr, &entry->block); err != SQFS_OK) {
            sqfs_cache_invalidate(cache, pos);
            return err;
        }
    }
    *block = entry->block;
    return SQFS_OK;
}

extern "C" sqfs_err sqfs_md_read(sqfs* fs, sqfs_md_cursor* cur, void* buf, size_t size) {
    sqfs_off_t pos = cur->block;
    auto* out = static_cast<char*>(buf);
    while (size > 0) {
        sqfs_block* block = nullptr;
        if (sqfs_err err = sqfs_md_cache(fs, &pos, &block); err != SQFS_OK) return err;
        if (block == nullptr || cur->offset > block->size) return SQFS_ERR;  // corrupt
        size_t take = std::min(block->size - cur->offset, size);
        if (out != nullptr) {
            std::memcpy(out, static_cast<const char*>(block->data) + cur->offset, take);
            out += take;
        }
        size -= take;
        cur->offset += take;
        if (cur->offset == block->size) {  // on to the next block
            cur->block = pos;
            cur->offset = 0;
        }
    }
    return SQFS_OK;
}
