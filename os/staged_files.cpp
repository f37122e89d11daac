// Staging by mkostemp(3) beside each target, committing by rename(2), rolling back by unlink.
#include "os/staged_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/text/text.hpp"
#include "os/fd_io.hpp"
#include "os/unique_fd.hpp"

namespace squashrun::os {
namespace {

core::Error failure(const std::string& path) {
    return core::make_error(path + ": " + std::strerror(errno));
}

std::string parent_of(const std::string& path) {
    size_t slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

}  // namespace

StagedFiles::~StagedFiles() {
    if (!committed_) roll_back(0);
}

core::Status StagedFiles::make_dirs(const std::string& dir) {
    std::string relative;
    for (const auto& part : core::split_nonempty(dir, '/')) {
        relative += relative.empty() ? part : "/" + part;
        std::string path = root_ + "/" + relative;
        if (::mkdir(path.c_str(), 0755) == 0) {
            created_dirs_.push_back(relative);
            continue;
        }
        struct stat st {};
        if (errno != EEXIST) return failure(path);
        if (::stat(path.c_str(), &st) != 0) return failure(path);
        if (!S_ISDIR(st.st_mode)) return core::make_error(path + ": not a directory");
    }
    return {};
}

core::Status StagedFiles::add(const std::string& path, std::string_view content, mode_t mode) {
    if (auto st = make_dirs(parent_of(path)); !st) return st;
    std::string target = root_ + "/" + path;
    size_t slash = target.rfind('/');
    std::string temp = target.substr(0, slash + 1) + "." + target.substr(slash + 1) + ".XXXXXX";
    UniqueFd fd(::mkostemp(temp.data(), O_CLOEXEC));
    if (!fd) return failure(target.substr(0, slash));
    files_.push_back({temp, target});
    if (!write_all(fd.get(), content) || ::fchmod(fd.get(), mode) != 0 ||
        ::close(fd.release()) != 0) {
        return failure(temp);
    }
    return {};
}

core::Status StagedFiles::commit() {
    for (size_t i = 0; i < files_.size(); ++i) {
        if (::rename(files_[i].temp.c_str(), files_[i].target.c_str()) != 0) {
            core::Error error = failure(files_[i].target);
            roll_back(i);
            committed_ = true;  // rolled back already
            return error;
        }
    }
    committed_ = true;
    return {};
}

void StagedFiles::roll_back(size_t renamed) {
    for (size_t i = 0; i < files_.size(); ++i)
        ::unlink((i < renamed ? files_[i].target : files_[i].temp).c_str());
    for (auto it = created_dirs_.rbegin(); it != created_dirs_.rend(); ++it)
        ::rmdir((root_ + "/" + *it).c_str());
    files_.clear();
    created_dirs_.clear();
}

}  // namespace squashrun::os
