// The signed header's byte layout (see header.hpp), shared by the code that signs it and the
// code that reads it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace squashrun::core::header_layout {

inline constexpr char kMagic[8] = {'S', 'Q', 'R', 'U', 'N', 'S', 'I', 'G'};
inline constexpr uint16_t kBlake2b256 = 1;
inline constexpr uint16_t kEd25519 = 1;
inline constexpr size_t kSignedPart = 512;
inline constexpr size_t kIdentityMax = 255;
inline constexpr size_t kVersionMax = 63;

inline void put(std::vector<std::byte>& out, size_t at, uint64_t value, size_t bytes) {
    for (size_t i = 0; i < bytes; ++i)
        out[at + i] = static_cast<std::byte>((value >> (8 * i)) & 0xff);
}

inline uint64_t get(std::span<const std::byte> in, size_t at, size_t bytes) {
    uint64_t value = 0;
    for (size_t i = 0; i < bytes; ++i)
        value |= static_cast<uint64_t>(std::to_integer<uint8_t>(in[at + i])) << (8 * i);
    return value;
}

template <size_t N>
inline void put_bytes(std::vector<std::byte>& out, size_t at, const std::array<uint8_t, N>& bytes) {
    std::memcpy(out.data() + at, bytes.data(), N);
}

template <size_t N>
inline void get_bytes(std::span<const std::byte> in, size_t at, std::array<uint8_t, N>& bytes) {
    std::memcpy(bytes.data(), in.data() + at, N);
}

}  // namespace squashrun::core::header_layout
