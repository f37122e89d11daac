// Checked versions of squashfuse's directory walk and lookup (Debian 12's 0.1.105), replacing
// the library's like those in checked_squashfuse.cpp (see there how). squashfuse copied a name
// of the length a directory entry or index entry declares (up to 64 KiB) into a buffer of
// SQUASHFS_NAME_LEN + 1 bytes: a stack buffer overflow, written with bytes of the image, found
// by the extract fuzz target. Names longer than squashfs allows make the image corrupt here.
#include <algorithm>
#include <bit>
#include <cstring>

extern "C" {
#include <squashfuse/squashfuse.h>
}

// The image's little-endian fields are used as they are read.
static_assert(std::endian::native == std::endian::little, "big-endian hosts need byte swaps");

namespace {

// Reads `size` bytes of the listing, counting them in the directory's offset.
sqfs_err read_listing(sqfs* fs, sqfs_dir* dir, void* buf, size_t size) {
    dir->offset += static_cast<sqfs_off_t>(size);
    return sqfs_md_read(fs, &dir->cur, buf, size);
}

// Byte order of names, as squashfs sorts a directory: <0, 0 or >0.
int compare_names(const char* a, size_t a_size, const char* b, size_t b_size) {
    int order = std::memcmp(a, b, std::min(a_size, b_size));
    if (order != 0) return order;
    return a_size < b_size ? -1 : (a_size > b_size ? 1 : 0);
}

}  // namespace

extern "C" bool sqfs_dir_next(sqfs* fs, sqfs_dir* dir, sqfs_dir_entry* entry, sqfs_err* err) {
    *err = SQFS_OK;
    entry->offset = dir->offset;
    // A header starts each run of entries that share an inode block; its count is one less
    // than the run's length.
    while (dir->header.count == 0) {
        if (dir->offset >= dir->total) return false;
        if ((*err = read_listing(fs, dir, &dir->header, sizeof dir->header)) != SQFS_OK)
            return false;
        ++dir->header.count;
    }
    squashfs_dir_entry raw{};
    if ((*err = read_listing(fs, dir, &raw, sizeof raw)) != SQFS_OK) return false;
    --dir->header.count;
    size_t name_size = static_cast<size_t>(raw.size) + 1;
    if (name_size > SQUASHFS_NAME_LEN) {
        *err = SQFS_ERR;
        return false;
    }
    entry->type = raw.type;
    entry->name_size = name_size;
    entry->inode = (static_cast<uint64_t>(dir->header.start_block) << 16) + raw.offset;
    // The entry's inode number is stored as a signed difference from the header's.
    entry->inode_number = dir->header.inode_number + static_cast<int16_t>(raw.inode_number);
    if ((*err = read_listing(fs, dir, entry->name, name_size)) != SQFS_OK) return false;
    entry->next_offset = dir->offset;
    return true;
}

extern "C" sqfs_err sqfs_dir_lookup(sqfs* fs, sqfs_inode* inode, const char* name, size_t namelen,
                                    sqfs_dir_entry* entry, bool* found) {
    *found = false;
    sqfs_dir dir{};
    if (sqfs_err err = sqfs_dir_open(fs, inode, &dir, 0); err != SQFS_OK) return err;
    // The directory's index names the first entry of every header run some way apart: skip
    // to the last run whose first name is not after `name`.
    sqfs_md_cursor cursor = inode->next;
    for (size_t left = inode->xtra.dir.idx_count; left > 0; --left) {
        squashfs_dir_index index{};
        if (sqfs_err err = sqfs_md_read(fs, &cursor, &index, sizeof index); err != SQFS_OK)
            return err;
        size_t first_size = static_cast<size_t>(index.size) + 1;
        if (first_size > SQUASHFS_NAME_LEN) return SQFS_ERR;
        char first[SQUASHFS_NAME_LEN + 1];
        if (sqfs_err err = sqfs_md_read(fs, &cursor, first, first_size); err != SQFS_OK) return err;
        if (compare_names(first, first_size, name, namelen) > 0) break;
        dir.cur.block = static_cast<sqfs_off_t>(index.start_block + fs->sb.directory_table_start);
        dir.offset = index.index;
    }
    // The run starts `dir.offset` bytes into the listing, in the block just chosen.
    dir.cur.offset = (dir.cur.offset + static_cast<size_t>(dir.offset)) % SQUASHFS_METADATA_SIZE;
    sqfs_err err = SQFS_OK;
    while (sqfs_dir_next(fs, &dir, entry, &err)) {
        int order = compare_names(entry->name, entry->name_size, name, namelen);
        if (order == 0) *found = true;
        if (order >= 0) break;
    }
    return err;
}
