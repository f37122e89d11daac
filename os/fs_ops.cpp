// remove_tree, list_names, read_small_file, replace_file: *at() calls, no link following.
#include "os/fs_ops.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "os/fd_io.hpp"

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

void remove_tree(const std::string& path) {
    remove_at(AT_FDCWD, path.c_str());
}

bool replace_file(const std::string& path, const std::string& content) {
    std::string temp = path + ".XXXXXX";
    int fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0) return false;
    bool written = write_all(fd, content);
    written = ::close(fd) == 0 && written;
    if (written && ::rename(temp.c_str(), path.c_str()) == 0) return true;
    ::unlink(temp.c_str());
    return false;
}

}  // namespace squashrun::os
