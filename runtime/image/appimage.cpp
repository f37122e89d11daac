// Locating and validating the AppImage file before anything is mounted.
#include "runtime/image/appimage.hpp"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/diag.hpp"
#include "runtime/image/squashfs_support.hpp"

namespace squashrun::runtime {

AppImageFile::AppImageFile(AppImageFile&& other) noexcept
    : path(std::move(other.path)),
      fd(other.fd),
      size(other.size),
      layout(std::move(other.layout)),
      payload_reader(std::move(other.payload_reader)),
      trust_tag(std::move(other.trust_tag)) {
    other.fd = -1;
}

AppImageFile::~AppImageFile() {
    if (fd >= 0) ::close(fd);
}

core::Result<std::string> locate_appimage(const std::string& target) {
    char resolved[PATH_MAX];
    if (!target.empty()) {
        if (::realpath(target.c_str(), resolved) == nullptr) {
            return core::make_error(target + ": " + errno_text());
        }
        return std::string(resolved);
    }
    ssize_t n = ::readlink("/proc/self/exe", resolved, sizeof resolved - 1);
    if (n <= 0)
        return core::make_error("cannot find this executable: /proc/self/exe: " + errno_text());
    return std::string(resolved, static_cast<size_t>(n));
}

core::Result<AppImageFile> open_appimage(const std::string& path) {
    AppImageFile image;
    image.path = path;
    // O_NONBLOCK: a FIFO in the file's place must not hang the open (no effect on files).
    image.fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (image.fd < 0) return core::make_error(path + ": " + errno_text());
    struct stat st {};
    if (::fstat(image.fd, &st) != 0) return core::make_error(path + ": " + errno_text());
    if (!S_ISREG(st.st_mode)) return core::make_error(path + ": not a regular file");
    image.size = static_cast<uint64_t>(st.st_size);
    auto layout = core::read_type2_layout(image.source());
    if (!layout) return core::make_error(path + ": " + layout.message());
    image.layout = std::move(*layout);
    return image;
}

core::Result<core::Superblock> check_payload(const AppImageFile& image) {
    auto sb = core::read_superblock(image.source(), image.layout.payload_offset);
    if (!sb) return core::make_error(image.path + ": " + sb.message());
    if (!can_decompress(sb->compression)) {
        return core::make_error(image.path + ": payload uses " +
                                core::compression_name(sb->compression) +
                                " compression, which this runtime cannot read");
    }
    return sb;
}

}  // namespace squashrun::runtime
