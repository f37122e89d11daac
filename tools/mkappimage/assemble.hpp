// Writing the AppImage: runtime + payload into a temporary file beside the output, renamed
// into place when complete.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "core/sign/minisign.hpp"
#include "payload.hpp"
#include "runtime_file.hpp"
#include "settings.hpp"

namespace squashrun::mkappimage {

struct AssembleRequest {
    RuntimeFile runtime;
    std::string output;
    std::optional<std::string> update_information;
    // Either a payload to build (spec.output and spec.offset are filled in here) ...
    std::optional<PayloadSpec> build;
    // ... or an existing squashfs image to append.
    std::string payload_file;
    // Checks the finished file (its payload at `offset`) before it is renamed into place.
    std::function<core::Status(const std::string& path, uint64_t offset)> verify;
    // SOURCE_DATE_EPOCH: also the file's own mtime (zsyncmake records it).
    std::optional<int64_t> epoch;
    // --sign: the chunk table and the signed header are added, for this app.
    const core::SecretKey* signing_key = nullptr;
    std::string app_identity;
    std::string app_version;
};

// On failure nothing is left: no temporary file, and an existing `output` is untouched.
// mksquashfs is found and run as `settings` say.
core::Status assemble_appimage(const AssembleRequest& request, const Settings& settings);

}  // namespace squashrun::mkappimage
