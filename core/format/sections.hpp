// Named runtime sections (.upd_info, .sha256_sig, .sig_key): read their text, plan a patch.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

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

// Where section `name` lies in the file, and the bytes to write there: `content`
// zero-filled to the section's size. Fails when the section is missing or `content` does not
// fit (os::patch_section writes this into a file on disk).
struct SectionPatch {
    uint64_t offset = 0;
    std::vector<std::byte> bytes;
};
Result<SectionPatch> plan_section_patch(const ElfInfo& elf, std::string_view name,
                                        std::span<const std::byte> content);

}  // namespace squashrun::core
