// A checked sqfs_md_read, replacing squashfuse's (Debian 12 ships 0.1.105). squashfuse's
// takes a cursor's offset on trust: an inode id or a directory offset pointing past the end of
// a shorter metadata block made it copy from beyond that block's buffer (a heap over-read,
// found by the extract fuzz target), in extraction and in the mount server alike. The build
// weakens the archive's definition (cmake/StaticDeps.cmake) and pulls this one in
// (-Wl,--undefined), so every caller, squashfuse's own functions included, gets it.
#include <algorithm>
#include <cstring>

extern "C" {
#include <squashfuse/squashfuse.h>
}

// In 0.1.105 the metadata cache owns its blocks (no reference counts: nothing to release
// here). Later squashfuse versions count references; this fails to build against them rather
// than leak.
static_assert(sizeof(sqfs_block) == sizeof(size_t) + sizeof(void*),
              "squashfuse's blocks are reference-counted: update checked_md_read.cpp");

extern "C" sqfs_err sqfs_md_read(sqfs* fs, sqfs_md_cursor* cur, void* buf, size_t size) {
    sqfs_off_t pos = cur->block;
    auto* out = static_cast<char*>(buf);
    while (size > 0) {
        sqfs_block* block = nullptr;
        if (sqfs_err err = sqfs_md_cache(fs, &pos, &block); err != SQFS_OK) return err;
        if (cur->offset > block->size) return SQFS_ERR;  // past the block's data: corrupt
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
