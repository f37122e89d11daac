// What a launch checks of a signed AppImage before anything is read from its payload: the
// signed header (its Ed25519 signature, its layout against the file's) and the chunk table's
// index (and a small table whole). A signed file then reads its payload only through a
// VerifiedSource.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/sign/header.hpp"
#include "core/sign/policy.hpp"
#include "runtime/image/appimage.hpp"

namespace squashrun::runtime {

// SQUASHRUN_VERIFY's value; unknown values fail closed (require).
core::VerifyPolicy verify_policy(std::string_view value);

// Where trust comes from (read once at the top, like every setting).
struct TrustSettings {
    core::VerifyPolicy policy = core::VerifyPolicy::automatic;
    std::vector<std::string> trusted_keys_files;  // read when they exist
    std::string pins_dir;                         // first-use keys, one file per app; "" none
    std::string program;                          // prefixes chunk reports
};

// The header, or nullopt for an unsigned file. Errors name the file.
core::Result<std::optional<core::SignedHeader>> read_signed_header(const AppImageFile& image);

// Checks `image` as the policy says (core/sign/policy.hpp) and, when it is signed, makes
// every later read of its payload go through a VerifiedSource (image.payload_reader). On
// success, a notice to show ("" none), e.g. a key that is not among the trusted ones.
core::Result<std::string> check_signature(AppImageFile& image, const TrustSettings& trust);

// --appimage-verify: the header, every chunk, the runtime's bytes and .upd_info, and that
// nothing unsigned follows the table. The report of a valid file; else what failed (an
// unsigned file fails too).
core::Result<std::string> verify_whole_file(const AppImageFile& image);

// --appimage-signature: the header in a readable form.
std::string describe_signed_header(const core::SignedHeader& header);

}  // namespace squashrun::runtime
