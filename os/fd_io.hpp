// Writing a whole buffer to a descriptor, retrying short writes and EINTR.
#pragma once

#include <unistd.h>

#include <cerrno>
#include <string_view>

namespace squashrun::os {

// False on error, with errno set.
inline bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
}

}  // namespace squashrun::os
