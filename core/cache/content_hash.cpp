// XXH3-128 over a ByteSource, read in large chunks so a payload of any size streams through.
#include "core/cache/content_hash.hpp"

#include <array>
#include <memory>
#include <vector>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace squashrun::core {
namespace {
constexpr uint64_t kChunk = 1 << 20;

struct StateDeleter {
    void operator()(XXH3_state_t* state) const { XXH3_freeState(state); }
};
}  // namespace

Result<std::string> hash_range_hex(const ByteSource& source, uint64_t offset, uint64_t length) {
    if (!range_inside(offset, length, source.size())) {
        return make_error("range to hash lies outside the file");
    }
    std::unique_ptr<XXH3_state_t, StateDeleter> state(XXH3_createState());
    if (!state || XXH3_128bits_reset(state.get()) != XXH_OK) {
        return make_error("cannot start hashing");
    }
    std::vector<std::byte> buffer(static_cast<size_t>(std::min(length, kChunk)));
    for (uint64_t done = 0; done < length;) {
        auto part = std::span(buffer).first(static_cast<size_t>(std::min(length - done, kChunk)));
        if (auto st = source.read_exact(offset + done, part); !st) return st.error();
        XXH3_128bits_update(state.get(), part.data(), part.size());
        done += part.size();
    }
    XXH128_canonical_t canonical;
    XXH128_canonicalFromHash(&canonical, XXH3_128bits_digest(state.get()));
    static constexpr std::array<char, 16> kDigits = {'0', '1', '2', '3', '4', '5', '6', '7',
                                                     '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    std::string hex;
    hex.reserve(2 * sizeof canonical.digest);
    for (unsigned char byte : canonical.digest) {
        hex += kDigits[byte >> 4];
        hex += kDigits[byte & 0xf];
    }
    return hex;
}

uint64_t hash64(std::string_view bytes) {
    return XXH3_64bits(bytes.data(), bytes.size());
}

bool is_hash_hex(std::string_view text) {
    if (text.size() != 32) return false;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

}  // namespace squashrun::core
