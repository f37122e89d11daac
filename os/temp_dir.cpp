// mkdtemp(3) on creation, remove_tree on destruction.
#include "os/temp_dir.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "os/fs_ops.hpp"

namespace squashrun::os {

core::Result<TempDir> TempDir::create(const std::string& parent, std::string_view prefix) {
    std::string path = join_path(parent, std::string(prefix) + "XXXXXX");
    if (::mkdtemp(path.data()) == nullptr) {
        return core::make_error("cannot create a directory in " + parent + ": " +
                                std::strerror(errno));
    }
    return TempDir(std::move(path));
}

TempDir::TempDir(TempDir&& other) noexcept : path_(std::exchange(other.path_, std::string())) {}

TempDir& TempDir::operator=(TempDir&& other) noexcept {
    if (this != &other) {
        remove();
        path_ = std::exchange(other.path_, std::string());
    }
    return *this;
}

TempDir::~TempDir() {
    remove();
}

std::string TempDir::release() {
    return std::exchange(path_, std::string());
}

void TempDir::remove() {
    if (!path_.empty()) remove_tree(path_);
    path_.clear();
}

}  // namespace squashrun::os
