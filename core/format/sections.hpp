// Named runtime sections (.upd_info, .sha256_sig, .sig_key): read their text, patch them.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/format/byte_source.hpp"
#include "core/format/elf.hpp"
#include "core/result.hpp"

namespace squashrun::core {

inline constexpr std::string_view kUpdateInfoSection = ".upd_info";
inline constexpr std::string_view kSignatureSection = ".sha256_sig";
inline constexpr std::string_view kSigningKeySection = ".sig_key";

// The section's bytes up to the first NUL (the sections are zero-filled text fields).
Result<std::string> read_section_text(const ByteSource& source, const ElfInfo& elf,
                                      std::string_view name);

// Writes `content` into section `name` of the file at `path`, zero-filling the rest.
// Fails without writing when the section is missing or `content` does not fit.
Status patch_section(const std::string& path, std::string_view name,
                     std::span<const std::byte> content);

}  // namespace squashrun::core

namespace squashrun::core {

// Writes the type 2 magic ("AI\x02" at offset 8) into the ELF file at `path`.
Status write_type2_magic(const std::string& path);

}  // namespace squashrun::core
