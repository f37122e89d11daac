// ELF parsing for 32- and 64-bit little-endian files, bounds- and overflow-checked.
#include "core/format/elf.hpp"

#include <array>
#include <cstring>

namespace squashrun::core {
namespace {

constexpr uint32_t kMaxSections = 65536;
constexpr uint64_t kMaxNameTable = 1 << 20;

struct Layout {
    size_t header_size;
    size_t shoff_at, shentsize_at, shnum_at, shstrndx_at;
    size_t section_header_size;
    size_t sh_type_at, sh_offset_at, sh_size_at, sh_link_at;
};
constexpr Layout kLayout64{64, 40, 58, 60, 62, 64, 4, 24, 32, 40};
constexpr Layout kLayout32{52, 32, 46, 48, 50, 40, 4, 16, 20, 24};

uint64_t load_word(const std::byte* p, bool is_64bit) {
    return is_64bit ? load_le64(p) : load_le32(p);
}

struct RawSection {
    uint32_t name_offset, type, link;
    uint64_t offset, size;
};

RawSection decode_section(const std::byte* p, const Layout& l, bool is_64bit) {
    return RawSection{load_le32(p), load_le32(p + l.sh_type_at), load_le32(p + l.sh_link_at),
                      load_word(p + l.sh_offset_at, is_64bit),
                      load_word(p + l.sh_size_at, is_64bit)};
}

Result<std::string> name_at(const std::vector<std::byte>& table, uint32_t offset) {
    if (offset >= table.size()) return make_error("section name outside the name table");
    const auto* start = reinterpret_cast<const char*>(table.data()) + offset;
    const void* nul = std::memchr(start, 0, table.size() - offset);
    if (nul == nullptr) return make_error("unterminated section name");
    return std::string(start, static_cast<const char*>(nul));
}

}  // namespace

uint64_t ElfInfo::end_offset() const {
    uint64_t end = section_table_offset + section_table_size;  // checked in parse_elf
    for (const auto& s : sections) {
        if (s.file_size() > 0 && s.offset + s.size > end) end = s.offset + s.size;
    }
    return end;
}

const ElfSection* ElfInfo::find_section(std::string_view name) const {
    for (const auto& s : sections) {
        if (s.name == name) return &s;
    }
    return nullptr;
}

Result<ElfInfo> parse_elf(const ByteSource& source) {
    std::array<std::byte, 64> header{};
    if (source.size() < 52) return make_error("not an ELF file (too short)");
    if (auto st =
            source.read_exact(0, std::span(header).first(std::min<uint64_t>(64, source.size())));
        !st) {
        return st.error();
    }
    const char elf_magic[4] = {0x7f, 'E', 'L', 'F'};
    if (std::memcmp(header.data(), elf_magic, 4) != 0) return make_error("not an ELF file");
    const auto elf_class = std::to_integer<int>(header[4]);
    if (elf_class != 1 && elf_class != 2) return make_error("unknown ELF class");
    if (std::to_integer<int>(header[5]) != 1) return make_error("big-endian ELF is not supported");

    ElfInfo info;
    info.is_64bit = elf_class == 2;
    const Layout& l = info.is_64bit ? kLayout64 : kLayout32;
    if (source.size() < l.header_size) return make_error("ELF header is truncated");
    info.machine = load_le16(header.data() + 18);
    uint64_t shoff = load_word(header.data() + l.shoff_at, info.is_64bit);
    uint16_t shentsize = load_le16(header.data() + l.shentsize_at);
    uint64_t count = load_le16(header.data() + l.shnum_at);
    uint32_t names_index = load_le16(header.data() + l.shstrndx_at);

    if (shoff == 0) {
        if (count != 0) return make_error("section count without a section table");
        // No sections: the ELF ends with its program headers, which an AppImage runtime
        // never relies on; treat the header as the end.
        info.section_table_offset = l.header_size;
        return info;
    }
    if (shentsize < l.section_header_size) return make_error("section header entries too small");
    if (!range_inside(shoff, shentsize, source.size())) {
        return make_error("section header table is outside the file");
    }
    std::vector<std::byte> entry(shentsize);
    if (auto st = source.read_exact(shoff, entry); !st) return st.error();
    RawSection first = decode_section(entry.data(), l, info.is_64bit);
    if (count == 0) count = first.size;                   // extended numbering
    if (names_index == 0xffff) names_index = first.link;  // SHN_XINDEX
    if (count > kMaxSections) return make_error("too many sections");

    uint64_t table_size = 0;
    if (mul_overflows(count, shentsize, &table_size) ||
        !range_inside(shoff, table_size, source.size())) {
        return make_error("section header table is outside the file");
    }
    info.section_table_offset = shoff;
    info.section_table_size = table_size;
    auto table = source.read_vector(shoff, table_size);
    if (!table) return table.error();

    std::vector<RawSection> raw;
    raw.reserve(count);
    for (uint64_t i = 0; i < count; ++i) {
        RawSection s = decode_section(table->data() + i * shentsize, l, info.is_64bit);
        if (s.type != ElfSection::kNoBits && !range_inside(s.offset, s.size, source.size())) {
            return make_error("section " + std::to_string(i) + " extends past the end of the file");
        }
        raw.push_back(s);
    }

    std::vector<std::byte> names;
    if (names_index != 0) {
        if (names_index >= count) return make_error("section name table index out of range");
        const RawSection& n = raw[names_index];
        if (n.type == ElfSection::kNoBits || n.size > kMaxNameTable) {
            return make_error("bad section name table");
        }
        auto bytes = source.read_vector(n.offset, n.size);
        if (!bytes) return bytes.error();
        names = std::move(*bytes);
    }
    info.sections.reserve(count);
    for (const RawSection& s : raw) {
        ElfSection section{{}, s.type, s.offset, s.size};
        if (!names.empty()) {
            auto name = name_at(names, s.name_offset);
            if (!name) return name.error();
            section.name = std::move(*name);
        }
        info.sections.push_back(std::move(section));
    }
    return info;
}

}  // namespace squashrun::core
