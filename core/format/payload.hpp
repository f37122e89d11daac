// The AppImage type 2 layout: magic bytes, payload offset and the squashfs superblock.
#pragma once

#include <cstdint>
#include <string>

#include "core/format/byte_source.hpp"
#include "core/format/elf.hpp"
#include "core/result.hpp"

namespace squashrun::core {

// "AI" followed by the type, at file offset 8 (inside e_ident's padding).
inline constexpr uint64_t kType2MagicOffset = 8;
inline constexpr unsigned char kType2Magic[3] = {'A', 'I', 0x02};

Status check_type2_magic(const ByteSource& source);

enum class Compression : uint16_t { gzip = 1, lzma = 2, lzo = 3, xz = 4, lz4 = 5, zstd = 6 };
const char* compression_name(uint16_t id);

struct Superblock {
    uint32_t inode_count = 0;
    uint32_t block_size = 0;
    uint16_t compression = 0;
    uint16_t version_major = 0;
    uint16_t version_minor = 0;
    uint64_t bytes_used = 0;
};

inline constexpr uint64_t kSuperblockSize = 96;

// Reads and checks the squashfs 4.0 superblock at `offset`: magic, version, compression id,
// block size, and that `bytes_used` lies inside the file.
Result<Superblock> read_superblock(const ByteSource& source, uint64_t offset);

struct Type2Layout {
    ElfInfo elf;
    uint64_t payload_offset = 0;
};

// Parses the runtime part of an AppImage: a valid ELF with the type 2 magic.
Result<Type2Layout> read_type2_layout(const ByteSource& source);

}  // namespace squashrun::core
