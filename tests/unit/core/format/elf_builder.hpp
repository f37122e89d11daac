// Builds small ELF files in memory for the parser tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace squashrun::test {

struct SectionSpec {
    std::string name;
    std::vector<std::byte> data;
    uint32_t type = 1;  // SHT_PROGBITS
};

// A little-endian ELF (64- or 32-bit): header, section data, name table, section headers last.
std::vector<std::byte> build_elf(const std::vector<SectionSpec>& sections, bool is_64bit = true);

void store_le(std::vector<std::byte>& bytes, size_t at, uint64_t value, size_t width);

}  // namespace squashrun::test
