// Type 2 magic, payload offset and squashfs superblock checks.
#include "core/format/payload.hpp"

#include <array>
#include <cstring>

namespace squashrun::core {

Status check_type2_magic(const ByteSource& source) {
    std::array<std::byte, 3> magic{};
    if (!range_inside(kType2MagicOffset, magic.size(), source.size()) ||
        !source.read_exact(kType2MagicOffset, magic) ||
        std::memcmp(magic.data(), kType2Magic, magic.size()) != 0) {
        return make_error("not a type 2 AppImage (no AI\\x02 magic at offset 8)");
    }
    return {};
}

const char* compression_name(uint16_t id) {
    switch (static_cast<Compression>(id)) {
        case Compression::gzip:
            return "gzip";
        case Compression::lzma:
            return "lzma";
        case Compression::lzo:
            return "lzo";
        case Compression::xz:
            return "xz";
        case Compression::lz4:
            return "lz4";
        case Compression::zstd:
            return "zstd";
    }
    return nullptr;
}

Result<Superblock> read_superblock(const ByteSource& source, uint64_t offset) {
    if (offset >= source.size()) return make_error("no payload after the runtime");
    if (!range_inside(offset, kSuperblockSize, source.size())) {
        return make_error("payload is truncated (no complete squashfs superblock)");
    }
    std::array<std::byte, kSuperblockSize> raw{};
    if (auto st = source.read_exact(offset, raw); !st) return st.error();
    const std::byte* p = raw.data();
    if (load_le32(p) != 0x73717368)
        return make_error("payload is not a squashfs image (bad magic)");

    Superblock sb;
    sb.inode_count = load_le32(p + 4);
    sb.block_size = load_le32(p + 12);
    sb.compression = load_le16(p + 20);
    uint16_t block_log = load_le16(p + 22);
    sb.version_major = load_le16(p + 28);
    sb.version_minor = load_le16(p + 30);
    sb.bytes_used = load_le64(p + 40);

    if (sb.version_major != 4 || sb.version_minor != 0) {
        return make_error("squashfs version " + std::to_string(sb.version_major) + "." +
                          std::to_string(sb.version_minor) + " is not supported (need 4.0)");
    }
    if (compression_name(sb.compression) == nullptr) {
        return make_error("unknown squashfs compression id " + std::to_string(sb.compression));
    }
    if (block_log < 12 || block_log > 20 || sb.block_size != (1U << block_log)) {
        return make_error("squashfs superblock has an invalid block size");
    }
    if (sb.bytes_used < kSuperblockSize) return make_error("squashfs superblock is corrupt");
    if (!range_inside(offset, sb.bytes_used, source.size())) {
        return make_error("payload is truncated (squashfs needs " + std::to_string(sb.bytes_used) +
                          " bytes, file has " + std::to_string(source.size() - offset) + ")");
    }
    return sb;
}

Result<Type2Layout> read_type2_layout(const ByteSource& source) {
    auto elf = parse_elf(source);
    if (!elf) return make_error("not an AppImage: " + elf.message());
    if (auto magic = check_type2_magic(source); !magic) return magic.error();
    Type2Layout layout{std::move(*elf), 0};
    layout.payload_offset = layout.elf.end_offset();
    return layout;
}

}  // namespace squashrun::core
