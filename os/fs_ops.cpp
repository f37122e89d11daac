// join_path, and remove_tree with *at() calls that follow no link.
#include "os/fs_ops.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/text/text.hpp"

namespace squashrun::os {
namespace {

bool is_dot(const char* name) {
    return std::strcmp(name, ".") == 0 || std::strcmp(name, "..") == 0;
}

void remove_at(int parent_fd, const char* name) {
    if (::unlinkat(parent_fd, name, 0) == 0) return;
    int dir_fd = ::openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dir_fd < 0) return;
    ::fchmod(dir_fd, 0700);  // read-only directories from a payload
    DIR* dir = ::fdopendir(dir_fd);
    if (dir == nullptr) {
        ::close(dir_fd);
        return;
    }
    while (dirent* e = ::readdir(dir)) {
        if (!is_dot(e->d_name)) remove_at(dir_fd, e->d_name);
    }
    ::closedir(dir);
    ::unlinkat(parent_fd, name, AT_REMOVEDIR);
}

}  // namespace

std::string join_path(const std::string& dir, const std::string& name) {
    std::string path;
    path.reserve(dir.size() + 1 + name.size());
    path.append(dir).append("/").append(name);
    return path;
}

core::Status make_directories(const std::string& root, const std::string& relative) {
    std::string path = root;
    for (const auto& part : core::split_nonempty(relative, '/')) {
        path += "/";
        path += part;
        if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST)
            return core::make_error(path + ": " + std::strerror(errno));
    }
    return {};
}

void remove_tree(const std::string& path) {
    remove_at(AT_FDCWD, path.c_str());
}

}  // namespace squashrun::os
