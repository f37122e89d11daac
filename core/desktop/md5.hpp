// MD5 (RFC 1321), only for the names libappimage gives desktop integration files: the
// digest of an AppImage's "file://" URI identifies its entries. Not for anything secret.
#pragma once

#include <string>
#include <string_view>

namespace squashrun::core {

// The MD5 digest of `data` as 32 lowercase hexadecimal digits.
std::string md5_hex(std::string_view data);

}  // namespace squashrun::core
