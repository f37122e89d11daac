// Fuzz target: the small records the runtime reads from disk and the kernel: update
// information, identity records of the cache, /proc/self/mountinfo.
#include "core/cache/policy.hpp"
#include "core/format/mountinfo.hpp"
#include "core/format/update_info.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace squashrun;
    auto text = fuzz::text(data, size);
    (void)core::check_update_information(text);
    auto record = core::parse_identity_record(text);
    if (record) {
        auto again = core::parse_identity_record(core::format_identity_record(*record));
        fuzz::require(again.has_value(), "a formatted record parses");
    }
    (void)core::parse_mountinfo(text);
    return 0;
}
