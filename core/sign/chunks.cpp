// Chunk tables and the runtime's hashes.
#include "core/sign/chunks.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "core/format/sections.hpp"

namespace squashrun::core {

Result<std::vector<std::byte>> chunk_table(const ByteSource& file, uint64_t offset, uint64_t length,
                                           uint32_t chunk_size) {
    uint64_t count = chunk_count_for(length, chunk_size);
    std::vector<std::byte> table(count * kChunkHashBytes);
    std::vector<std::byte> chunk(chunk_size);
    for (uint64_t i = 0; i < count; ++i) {
        uint64_t start = i * chunk_size;
        size_t n = static_cast<size_t>(std::min<uint64_t>(chunk_size, length - start));
        if (auto st = file.read_exact(offset + start, std::span(chunk.data(), n)); !st) {
            return st.error();
        }
        Hash256 hash = hash256(std::span(chunk.data(), n));
        std::memcpy(table.data() + i * kChunkHashBytes, hash.data(), hash.size());
    }
    return table;
}

std::vector<std::byte> table_index(std::span<const std::byte> table) {
    std::vector<std::byte> index;
    for (size_t at = 0; at < table.size(); at += kTablePageBytes) {
        Hash256 hash =
            hash256(table.subspan(at, std::min<size_t>(kTablePageBytes, table.size() - at)));
        const auto* bytes = reinterpret_cast<const std::byte*>(hash.data());
        index.insert(index.end(), bytes, bytes + hash.size());
    }
    return index;
}

Result<Hash256> runtime_hash(const ByteSource& file, const ElfInfo& elf, uint64_t payload_offset) {
    auto bytes = file.read_vector(0, payload_offset);
    if (!bytes) return bytes.error();
    for (std::string_view name : {kSignedHeaderSection, kUpdateInfoSection}) {
        const ElfSection* section = elf.find_section(name);
        if (section == nullptr) continue;
        uint64_t end = section->offset + section->file_size();
        if (section->offset > payload_offset || end > payload_offset || end < section->offset) {
            return make_error(std::string(name) + " lies outside the runtime");
        }
        std::fill(bytes->begin() + static_cast<std::ptrdiff_t>(section->offset),
                  bytes->begin() + static_cast<std::ptrdiff_t>(end), std::byte{0});
    }
    return hash256(*bytes);
}

Result<Hash256> update_info_hash(const ByteSource& file, const ElfInfo& elf) {
    const ElfSection* section = elf.find_section(kUpdateInfoSection);
    if (section == nullptr) return hash256({});
    auto bytes = file.read_vector(section->offset, section->file_size());
    if (!bytes) return bytes.error();
    return hash256(*bytes);
}

}  // namespace squashrun::core
