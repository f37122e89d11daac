// DirectoryTree: lstat, readlink, listing and reading below a root directory.
#include "os/directory_tree.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <climits>

#include "os/files.hpp"

namespace squashrun::os {

std::string DirectoryTree::where(const std::string& path) const {
    return path.empty() ? root_ : root_ + "/" + path;
}

core::Node DirectoryTree::lookup(const std::string& path) const {
    struct stat st {};
    core::Node node;
    if (::lstat(where(path).c_str(), &st) != 0) return node;
    node.mode = st.st_mode & 07777;
    if (S_ISDIR(st.st_mode)) {
        node.type = core::NodeType::directory;
    } else if (S_ISREG(st.st_mode)) {
        node.type = core::NodeType::file;
    } else if (S_ISLNK(st.st_mode)) {
        node.type = core::NodeType::symlink;
        char target[PATH_MAX];
        ssize_t n = ::readlink(where(path).c_str(), target, sizeof target);
        node.link_target.assign(target, n > 0 ? static_cast<size_t>(n) : 0);
    } else {
        node.type = core::NodeType::other;
    }
    return node;
}

std::vector<std::string> DirectoryTree::list(const std::string& dir) const {
    return list_directory(where(dir));
}

core::Result<std::string> DirectoryTree::read(const std::string& path, size_t limit) const {
    return read_file(where(path), limit);
}

std::optional<std::string> DirectoryTree::host_path(const std::string& path) const {
    return where(path);
}

}  // namespace squashrun::os
