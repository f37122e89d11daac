// mkostemp(3) beside the target, write_all, rename(2).
#include "os/replace_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "os/fd_io.hpp"
#include "os/unique_fd.hpp"

namespace squashrun::os {

core::Status replace_file(const std::string& path, std::string_view content, mode_t mode) {
    std::string temp = path + ".XXXXXX";
    UniqueFd fd(::mkostemp(temp.data(), O_CLOEXEC));
    if (!fd)
        return core::make_error(path + ": cannot create a file beside it: " + std::strerror(errno));
    // The first step that fails names its file and its reason.
    const std::string* failed = nullptr;
    int reason = 0;
    auto check = [&](bool ok, const std::string& file) {
        if (ok || failed != nullptr) return;
        failed = &file;
        reason = errno;
    };
    check(write_all(fd.get(), content), temp);
    if (mode != 0600) check(::fchmod(fd.get(), mode) == 0, temp);
    check(::close(fd.release()) == 0, temp);
    if (failed == nullptr) check(::rename(temp.c_str(), path.c_str()) == 0, path);
    if (failed == nullptr) return {};
    ::unlink(temp.c_str());
    return core::make_error(*failed + ": " + std::strerror(reason));
}

}  // namespace squashrun::os
