// The hashes a signed header binds: the chunk table of the payload, the runtime's bytes and
// the update information. Used to sign (mkappimage) and to check a whole file
// (--appimage-verify); the launch checks chunks one at a time instead (runtime/image).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/format/byte_source.hpp"
#include "core/format/elf.hpp"
#include "core/result.hpp"
#include "core/sign/header.hpp"

namespace squashrun::core {

// BLAKE2b-256 of each `chunk_size` piece of `length` bytes from `offset`, concatenated.
Result<std::vector<std::byte>> chunk_table(const ByteSource& file, uint64_t offset, uint64_t length,
                                           uint32_t chunk_size);

// The table's index: BLAKE2b-256 of each kTablePageBytes page of `table`, concatenated.
std::vector<std::byte> table_index(std::span<const std::byte> table);

// BLAKE2b-256 of the file's first `payload_offset` bytes with the sections .squashrun_sig and
// .upd_info read as zeros (the first is written after the hash, the second is bound on its
// own so that it can be checked by itself).
Result<Hash256> runtime_hash(const ByteSource& file, const ElfInfo& elf, uint64_t payload_offset);

// BLAKE2b-256 of the .upd_info section's bytes (all of them; zeros when it is empty).
Result<Hash256> update_info_hash(const ByteSource& file, const ElfInfo& elf);

}  // namespace squashrun::core
