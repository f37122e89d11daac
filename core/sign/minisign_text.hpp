// minisign's text forms, shared by the key and signature code (core/sign/minisign*.cpp).
#pragma once

#include <sodium.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace squashrun::core::minisign_text {

inline constexpr std::string_view kUntrusted = "untrusted comment: ";
inline constexpr std::string_view kTrusted = "trusted comment: ";
inline constexpr uint8_t kAlgorithm[2] = {'E', 'd'};
inline constexpr uint8_t kPrehashed[2] = {'E', 'D'};
inline constexpr uint8_t kNoKdf[2] = {0, 0};
inline constexpr uint8_t kChecksum[2] = {'B', '2'};

// Byte counts of the encoded structures.
inline constexpr size_t kPublicBytes = 2 + 8 + 32;
inline constexpr size_t kSecretBytes = 2 + 2 + 2 + 32 + 8 + 8 + 8 + 64 + 32;
inline constexpr size_t kSignatureBytes = 2 + 8 + 64;

inline std::string base64(const uint8_t* data, size_t size) {
    std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

// Exactly `size` bytes from one base64 line, or false.
inline bool unbase64(std::string_view text, uint8_t* out, size_t size) {
    std::vector<uint8_t> decoded(text.size());
    size_t length = 0;
    if (sodium_base642bin(decoded.data(), decoded.size(), text.data(), text.size(), nullptr,
                          &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        length != size) {
        return false;
    }
    std::memcpy(out, decoded.data(), size);
    return true;
}

inline std::string_view trimmed(std::string_view line) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
        line.remove_suffix(1);
    return line;
}

inline std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        size_t end = text.find('\n');
        lines.push_back(trimmed(text.substr(0, end)));
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    }
    return lines;
}

// The first line that is not a comment: a key's base64.
inline std::string_view key_line(std::string_view text) {
    for (std::string_view line : lines_of(text)) {
        if (!line.empty() && !line.starts_with(kUntrusted)) return line;
    }
    return {};
}

inline bool printable(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) {
        return c == '\t' || (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
    });
}

}  // namespace squashrun::core::minisign_text
