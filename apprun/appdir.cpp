// /proc/self/exe, resolved, then up the tree looking for apprun.conf.
#include "appdir.hpp"

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace squashrun::apprun {

core::Result<std::string> locate_appdir() {
    char resolved[PATH_MAX];
    if (::realpath("/proc/self/exe", resolved) == nullptr) {
        return core::make_error(std::string("cannot find its own executable: ") +
                                std::strerror(errno));
    }
    std::string exe = resolved;
    size_t slash = exe.rfind('/');
    std::string dir =
        slash == 0 || slash == std::string::npos ? std::string(1, '/') : exe.substr(0, slash);
    for (std::string candidate = dir; !candidate.empty();) {
        if (::access((candidate + "/" + kConfigName).c_str(), F_OK) == 0) return candidate;
        size_t up = candidate.rfind('/');
        if (up == std::string::npos || up == 0) break;
        candidate = candidate.substr(0, up);
    }
    return dir;
}

}  // namespace squashrun::apprun
