// mmap(2) of a whole file, unmapped with the object.
#include "os/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace squashrun::os {

core::Result<MappedFile> MappedFile::open(const std::string& path, size_t limit) {
    // O_NONBLOCK: a FIFO in the file's place must not hang the open (no effect on files).
    int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return core::make_error(path + ": " + std::strerror(errno));
    struct stat st {};
    std::string problem;
    if (::fstat(fd, &st) != 0)
        problem = std::strerror(errno);
    else if (!S_ISREG(st.st_mode))
        problem = "not a regular file";
    else if (static_cast<uint64_t>(st.st_size) > limit)
        problem = "too large";
    if (!problem.empty()) {
        ::close(fd);
        return core::make_error(path + ": " + problem);
    }
    auto size = static_cast<size_t>(st.st_size);
    if (size == 0) {
        ::close(fd);
        return MappedFile();
    }
    void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    int saved = errno;
    ::close(fd);
    if (data == MAP_FAILED) return core::make_error(path + ": " + std::strerror(saved));
    return MappedFile(static_cast<const char*>(data), size);
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
    if (this != &other) {
        if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

MappedFile::~MappedFile() {
    if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
}

}  // namespace squashrun::os
