// The name prefixes of squashfs xattr types, and a checked sqfs_xattr_find (checked_xattrs.cpp).
#pragma once

#include <cstdint>
#include <string_view>

namespace squashrun::runtime {

// "user.", "trusted." or "security." for the squashfs xattr type `type`; "" for another.
// (squashfuse 0.1.105 has the last two swapped, so its prefixed names are not used.)
std::string_view xattr_prefix(uint16_t type);

}  // namespace squashrun::runtime
