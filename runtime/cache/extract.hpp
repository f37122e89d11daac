// Extracting the squashfs payload into a directory: parallel, path-safe, all or nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/format/byte_source.hpp"
#include "core/result.hpp"

namespace squashrun::runtime {

struct ExtractRequest {
    std::shared_ptr<const core::ByteSource> source;  // the AppImage file
    uint64_t payload_offset = 0;
    std::string target;                 // replaced as a whole; never followed if it is a link
    std::vector<std::string> patterns;  // shell-style; empty: everything
    unsigned threads = 0;               // 0: one per core
    bool progress = false;              // draw a progress bar on stderr
    bool read_only = false;             // no write permission anywhere (shared cached trees)
};

// Extracts into a fresh sibling directory, then renames it to `target`. On any error the
// partial tree is removed and `target` is left as it was. Returns roughly how many bytes the
// tree takes on disk.
core::Result<uint64_t> extract_payload(const ExtractRequest& request);

}  // namespace squashrun::runtime
