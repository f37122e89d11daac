// A checked sqfs_table_get, replacing squashfuse's (Debian 12's 0.1.105) like those in
// checked_squashfuse.cpp (see there how). squashfuse looked an index up in a table (ids,
// fragments, inode exports, xattr ids) without comparing it with the table's length, which it
// does not keep, and copied an entry without comparing its end with the metadata block's: an
// inode naming fragment 1,000,000 of an image with one read far outside the table (found by
// the extract fuzz target). The lengths come from the superblock and the xattr header here.
#include <cstring>

extern "C" {
#include <squashfuse/squashfuse.h>
}

namespace {

// How many entries `table` of `fs` has; 0 for a table this does not know.
uint64_t entries_of(const sqfs* fs, const sqfs_table* table) {
    if (table == &fs->id_table) return fs->sb.no_ids;
    if (table == &fs->frag_table) return fs->sb.fragments;
    if (table == &fs->export_table) return fs->sb.inodes;
    if (table == &fs->xattr_table) return fs->xattr_info.xattr_ids;
    return 0;
}

}  // namespace

extern "C" sqfs_err sqfs_table_get(sqfs_table* table, sqfs* fs, size_t idx, void* buf) {
    if (table->blocks == nullptr || idx >= entries_of(fs, table)) return SQFS_ERR;
    // Entries are packed across metadata blocks; the table lists where each block is.
    size_t at = idx * table->each;
    auto where = static_cast<sqfs_off_t>(table->blocks[at / SQUASHFS_METADATA_SIZE]);
    size_t offset = at % SQUASHFS_METADATA_SIZE;
    sqfs_block* block = nullptr;
    if (sqfs_md_cache(fs, &where, &block) != SQFS_OK) return SQFS_ERR;
    if (offset > block->size || table->each > block->size - offset) return SQFS_ERR;
    std::memcpy(buf, static_cast<const char*>(block->data) + offset, table->each);
    return SQFS_OK;
}
