// Atomic replacement of a file's content: readers see the old file or the new, never a part.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace squashrun::os {

// Writes `content` to a new file beside `path` (mode `mode`), then renames it over `path`.
// On failure `path` is untouched and the new file is gone. Errors read "<file>: <reason>".
core::Status replace_file(const std::string& path, std::string_view content, mode_t mode = 0600);

}  // namespace squashrun::os
