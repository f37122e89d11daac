// Update information (the .upd_info section): the transports of the AppImage specification.
#pragma once

#include <string_view>

#include "core/result.hpp"

namespace squashrun::core {

// Room in .upd_info, keeping a terminating NUL.
inline constexpr size_t kUpdateInfoMax = 1023;

// Accepts the documented forms, each field non-empty and without control characters:
//   zsync|<http(s) URL of the .zsync file>
//   gh-releases-zsync|<owner>|<repository>|<tag or latest>|<.zsync file name, may use *>
//   pling-v1-zsync|<numeric content id>|<file name, may use *>
// The error says what is wrong with the string.
Status check_update_information(std::string_view text);

}  // namespace squashrun::core
