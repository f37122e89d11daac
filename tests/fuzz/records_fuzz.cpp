// Fuzz target: the small records the runtime reads from disk and the kernel: update
// information, identity records of the cache, /proc/self/mountinfo, the recordings of a first
// launch that a fresh mount replays.
#include <string>

#include "core/cache/policy.hpp"
#include "core/format/mountinfo.hpp"
#include "core/format/update_info.hpp"
#include "fuzz_support.hpp"
#include "runtime/mount/prefetch.hpp"

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
    auto recording = runtime::parse_recording(text);
    if (!recording.empty()) {
        std::string formatted =
            runtime::format_recording(recording.ranges, recording.steps, recording.data);
        auto again = runtime::parse_recording(formatted);  // views into `formatted`
        fuzz::require(again.ranges.size() == recording.ranges.size() &&
                          again.steps.size() == recording.steps.size() &&
                          again.data == recording.data,
                      "a formatted recording parses to the same steps");
        for (size_t i = 0; i < again.steps.size(); ++i) {
            fuzz::require(again.steps[i].path == recording.steps[i].path &&
                              again.steps[i].after == recording.steps[i].after,
                          "a path step keeps its path and place");
        }
    }
    return 0;
}
