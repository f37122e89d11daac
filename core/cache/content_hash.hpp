// Content hashing with XXH3: the key of the extraction cache (128 bits), and a check of
// cached bytes against accidental damage (64 bits).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/format/byte_source.hpp"
#include "core/result.hpp"

namespace squashrun::core {

// Hashes `length` bytes of `source` from `offset` (XXH3, 128 bits) and returns the digest as
// 32 lowercase hex digits in canonical (big-endian) order.
Result<std::string> hash_range_hex(const ByteSource& source, uint64_t offset, uint64_t length);

// XXH3-64 of `bytes`: detects damage, not tampering.
uint64_t hash64(std::string_view bytes);

// True for a string of 32 lowercase hex digits, the shape hash_range_hex returns.
bool is_hash_hex(std::string_view text);

}  // namespace squashrun::core
