// What a launch checks of a signed AppImage before anything is read from its payload: the
// signed header (its Ed25519 signature, its layout against the file's) and the chunk table's
// hash. A signed file then reads its payload only through a VerifiedSource.
#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "core/sign/header.hpp"
#include "runtime/image/appimage.hpp"

namespace squashrun::runtime {

enum class VerifyMode { off, automatic, require };

// SQUASHRUN_VERIFY's value; unknown values fail closed (require).
VerifyMode verify_mode(std::string_view value);

// The header, or nullopt for an unsigned file. Errors name the file.
core::Result<std::optional<core::SignedHeader>> read_signed_header(const AppImageFile& image);

// Checks `image` as `mode` says and, when it is signed, makes every later read of its
// payload go through a VerifiedSource (image.payload_reader). `program` prefixes reports.
core::Status check_signature(AppImageFile& image, VerifyMode mode, const std::string& program);

// --appimage-verify: the header, every chunk, the runtime's bytes and .upd_info, and that
// nothing unsigned follows the table. The report of a valid file; else what failed (an
// unsigned file fails too).
core::Result<std::string> verify_whole_file(const AppImageFile& image);

// --appimage-signature: the header in a readable form.
std::string describe_signed_header(const core::SignedHeader& header);

}  // namespace squashrun::runtime
