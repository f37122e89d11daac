// Atomic replacement of a file's content: readers see the old file or the new, never a part.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace squashrun::os {

// Writes `content` to a new file beside `path` (mode 0600), then renames it over `path`.
// On failure `path` is untouched and the new file is gone. Errors read "<file>: <reason>".
core::Status replace_file(const std::string& path, std::string_view content);

}  // namespace squashrun::os
