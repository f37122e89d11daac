// ensure_private_dir: mkdir, then lstat checks, so a link or a foreign directory is refused.
#include "os/private_dir.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace squashrun::os {

core::Status ensure_private_dir(const std::string& path) {
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
        return core::make_error(path + ": " + std::strerror(errno));
    }
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0)
        return core::make_error(path + ": " + std::strerror(errno));
    if (!S_ISDIR(st.st_mode)) return core::make_error(path + ": not a directory");
    if (st.st_uid != ::geteuid()) return core::make_error(path + ": owned by another user");
    if ((st.st_mode & 022) != 0) return core::make_error(path + ": writable by other users");
    return {};
}

}  // namespace squashrun::os
