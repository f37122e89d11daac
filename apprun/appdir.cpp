// /proc/self/exe, resolved, then up the tree looking for apprun.conf.
#include "appdir.hpp"

#include <sys/stat.h>
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
    // Reached as <AppDir>/AppRun: that directory. Reached through a hard link deeper in the
    // tree (usr/bin/python3): the nearest parent whose AppRun is this very file, so a stray
    // apprun.conf in /tmp or $HOME can never be picked up.
    struct stat self {};
    if (exe.ends_with("/AppRun") || ::stat(resolved, &self) != 0) return dir;
    for (std::string candidate = dir;;) {
        size_t up = candidate.rfind('/');
        if (up == std::string::npos || up == 0) break;
        candidate = candidate.substr(0, up);
        struct stat apprun {};
        if (::stat((candidate + "/AppRun").c_str(), &apprun) == 0 && apprun.st_dev == self.st_dev &&
            apprun.st_ino == self.st_ino) {
            return candidate;
        }
    }
    return dir;
}

}  // namespace squashrun::apprun
