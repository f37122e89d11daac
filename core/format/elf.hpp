// ELF header and section table parsing, every offset checked against the file's size.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/format/byte_source.hpp"
#include "core/result.hpp"

namespace squashrun::core {

struct ElfSection {
    std::string name;
    uint32_t type = 0;
    uint64_t offset = 0;
    uint64_t size = 0;
    // Bytes the section occupies in the file (0 for SHT_NOBITS).
    uint64_t file_size() const { return type == kNoBits ? 0 : size; }
    static constexpr uint32_t kNoBits = 8;
};

struct ElfInfo {
    bool is_64bit = true;
    uint16_t machine = 0;
    uint64_t section_table_offset = 0;
    uint64_t section_table_size = 0;  // entry size * count
    std::vector<ElfSection> sections;

    // Where the ELF ends in the file: the larger of the end of the section header table and
    // the end of the furthest section. For an AppImage this is where the payload starts.
    uint64_t end_offset() const;
    const ElfSection* find_section(std::string_view name) const;
};

// Parses the ELF identification, header and section table (with names) from `source`.
Result<ElfInfo> parse_elf(const ByteSource& source);

}  // namespace squashrun::core
