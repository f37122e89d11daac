// A checked sqfs_xattr_find, replacing squashfuse's (Debian 12's 0.1.105) like those in
// checked_squashfuse.cpp (see there how). squashfuse compared an entry's name only when both
// its type and its length differed from the name asked for, so an xattr of the same type with
// a longer name was read into a buffer of the shorter length: a heap overflow on a getxattr
// through the mount (the kernel asks for security.capability on every exec). It also paired
// the trusted and security types with each other's prefixes.
#include <string>

#include "runtime/image/xattr_names.hpp"

extern "C" {
#include <squashfuse/squashfuse.h>
}

namespace squashrun::runtime {

std::string_view xattr_prefix(uint16_t type) {
    switch (type) {
        case SQUASHFS_XATTR_USER:
            return "user.";
        case SQUASHFS_XATTR_TRUSTED:
            return "trusted.";
        case SQUASHFS_XATTR_SECURITY:
            return "security.";
        default:
            return "";
    }
}

}  // namespace squashrun::runtime

extern "C" sqfs_err sqfs_xattr_find(sqfs_xattr* x, const char* name, bool* found) {
    using squashrun::runtime::xattr_prefix;
    *found = false;
    std::string_view wanted = name;
    uint16_t type = SQUASHFS_XATTR_USER;
    for (; type <= SQUASHFS_XATTR_SECURITY; ++type) {
        if (wanted.starts_with(xattr_prefix(type))) break;
    }
    // A name without a known prefix is simply not there.
    if (type > SQUASHFS_XATTR_SECURITY) return SQFS_OK;
    wanted.remove_prefix(xattr_prefix(type).size());
    std::string candidate;
    while (x->remain > 0) {
        if (sqfs_err err = sqfs_xattr_read(x); err != SQFS_OK) return err;
        if (x->type != type || x->entry.size != wanted.size()) continue;
        candidate.assign(wanted.size(), '\0');
        if (sqfs_err err = sqfs_xattr_name(x, candidate.data(), false); err != SQFS_OK) return err;
        if (candidate == wanted) {
            *found = true;
            return SQFS_OK;
        }
    }
    return SQFS_OK;
}
