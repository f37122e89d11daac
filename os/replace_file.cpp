// mkostemp(3) beside the target, write_all, rename(2).
#include "os/replace_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "os/fd_io.hpp"
#include "os/unique_fd.hpp"

namespace squashrun::os {

core::Status replace_file(const std::string& path, std::string_view content) {
    std::string temp = path + ".XXXXXX";
    UniqueFd fd(::mkostemp(temp.data(), O_CLOEXEC));
    if (!fd)
        return core::make_error(path + ": cannot create a file beside it: " + std::strerror(errno));
    core::Status status;
    if (!write_all(fd.get(), content))
        status = core::make_error(temp + ": " + std::strerror(errno));
    if (::close(fd.release()) != 0 && status) {
        status = core::make_error(temp + ": " + std::strerror(errno));
    }
    if (status && ::rename(temp.c_str(), path.c_str()) != 0) {
        status = core::make_error(path + ": " + std::strerror(errno));
    }
    if (!status) ::unlink(temp.c_str());
    return status;
}

}  // namespace squashrun::os
