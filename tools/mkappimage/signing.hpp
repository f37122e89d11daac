// Keys and signatures for mkappimage: --generate-key, and --sign's detached `.minisig`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "core/sign/minisign.hpp"

namespace squashrun::mkappimage {

// Writes a new key pair: the secret key to `path` (mode 0600, minisign's unencrypted format)
// and the public key to `path`.pub. Refuses to replace either file.
core::Status generate_key_files(const std::string& path);

// Reads the secret key at `path` (ours, or an unencrypted minisign key). Errors name the file.
core::Result<core::SecretKey> load_secret_key(const std::string& path);

// Signs the AppImage being written at `path` (open as `fd`, its payload from
// `payload_offset` to the end): appends the chunk table, 4 KiB aligned, and its index, and writes
// the signed header into the runtime's .squashrun_sig section (core/sign/header.hpp).
core::Status embed_signature(const std::string& path, int fd, uint64_t payload_offset,
                             const core::SecretKey& key, const std::string& app_identity,
                             const std::string& app_version);

// Writes `file`.minisig, a detached signature of the whole file that `minisign -V` accepts.
// The trusted comment names the file and, when given, the time it was made (SOURCE_DATE_EPOCH
// keeps it reproducible).
core::Status write_minisig(const std::string& file, const core::SecretKey& key,
                           std::optional<int64_t> epoch);

}  // namespace squashrun::mkappimage
