// Parsing SQUASHRUN_SERVE_OFF.
#include "runtime/mount/serve_options.hpp"

namespace squashrun::runtime {

ServeOptions serve_options(std::string_view off) {
    ServeOptions options;
    while (!off.empty()) {
        size_t comma = off.find(',');
        std::string_view name = off.substr(0, comma);
        off = comma == std::string_view::npos ? std::string_view() : off.substr(comma + 1);
        if (name == "negative") options.negative_entries = false;
        if (name == "no-open") options.no_open = false;
        if (name == "readdirplus") options.readdirplus = false;
        if (name == "xattrs") options.decline_xattrs = false;
        if (name == "ioctl") options.refuse_ioctl = false;
        if (name == "caches") options.large_caches = false;
        if (name == "threads") options.threads = false;
        if (name == "prefetch") options.prefetch = false;
        if (name == "paths") options.replay_paths = false;
    }
    return options;
}

}  // namespace squashrun::runtime
