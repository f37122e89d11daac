// Fuzz target: the signed header (every field checked, the signature verified) and the key
// formats (minisign public and secret keys, trusted-keys files).
#include "core/sign/header.hpp"
#include "core/sign/minisign.hpp"
#include "core/sign/policy.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace squashrun;
    auto header = core::parse_signed_header({reinterpret_cast<const std::byte*>(data), size});
    if (header && header->has_value()) {
        const core::SignedHeader& h = **header;
        fuzz::require(h.chunk_count == core::chunk_count_for(h.payload_length, h.chunk_size),
                      "a valid header's chunk count matches its payload");
    }
    auto text = fuzz::text(data, size);
    (void)core::parse_public_key(text);
    (void)core::parse_secret_key(text);
    (void)core::parse_trusted_keys(text);
    return 0;
}
