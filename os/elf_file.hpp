// Writing into an ELF file on disk (a runtime or an AppImage): a named section, the type 2
// magic. core::format says where; this writes it.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace squashrun::os {

// Writes `content` into section `name` of the file at `path`, zero-filling the rest.
// Fails without writing when the section is missing or `content` does not fit. Errors
// read "<path>: <problem>".
core::Status patch_section(const std::string& path, std::string_view name,
                           std::span<const std::byte> content);

// Writes the type 2 magic ("AI\x02" at offset 8) into the ELF file at `path`.
core::Status write_type2_magic(const std::string& path);

}  // namespace squashrun::os
