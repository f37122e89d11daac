// copy_file_range(2) for contents, utimensat(2) for times, readlink/symlink for links.
#include "os/copy_tree.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "os/fd_io.hpp"
#include "os/files.hpp"
#include "os/fs_ops.hpp"
#include "os/unique_fd.hpp"

namespace squashrun::os {
namespace {

core::Error failure(const std::string& path) {
    return core::make_error(path + ": " + std::strerror(errno));
}

core::Status copy_contents(int in, int out, uint64_t size) {
    while (size > 0) {
        ssize_t n = ::copy_file_range(in, nullptr, out, nullptr, size, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL)) {
            // Fall back to read and write.
            std::vector<char> buffer(1 << 16);
            for (;;) {
                ssize_t got = ::read(in, buffer.data(), buffer.size());
                if (got < 0 && errno == EINTR) continue;
                if (got < 0) return core::make_error(std::strerror(errno));
                if (got == 0) return {};
                if (!write_all(out, {buffer.data(), static_cast<size_t>(got)}))
                    return core::make_error(std::strerror(errno));
            }
        }
        if (n < 0) return core::make_error(std::strerror(errno));
        if (n == 0) break;
        size -= static_cast<uint64_t>(n);
    }
    return {};
}

void copy_times(const std::string& to, const struct stat& st, int flags) {
    timespec times[2] = {st.st_atim, st.st_mtim};
    ::utimensat(AT_FDCWD, to.c_str(), times, flags);
}

core::Status copy_entry(const std::string& from, const std::string& to, const std::string& relative,
                        const CopyFilter& keep, uint64_t& bytes) {
    struct stat st {};
    if (::lstat(from.c_str(), &st) != 0) return failure(from);
    if (S_ISLNK(st.st_mode)) {
        std::vector<char> target(static_cast<size_t>(st.st_size) + 1);
        ssize_t n = ::readlink(from.c_str(), target.data(), target.size());
        if (n < 0) return failure(from);
        ::unlink(to.c_str());
        if (::symlink(std::string(target.data(), static_cast<size_t>(n)).c_str(), to.c_str()) != 0)
            return failure(to);
        copy_times(to, st, AT_SYMLINK_NOFOLLOW);
        return {};
    }
    if (S_ISREG(st.st_mode)) {
        bytes += static_cast<uint64_t>(st.st_size);
        return copy_file(from, to);
    }
    if (!S_ISDIR(st.st_mode)) return {};
    if (::mkdir(to.c_str(), 0700) != 0 && errno != EEXIST) return failure(to);
    for (const auto& name : list_directory(from)) {
        std::string child = relative.empty() ? name : join_path(relative, name);
        struct stat cst {};
        if (::lstat(join_path(from, name).c_str(), &cst) != 0) continue;
        if (keep && !keep(child, S_ISDIR(cst.st_mode))) continue;
        if (auto st_copy =
                copy_entry(join_path(from, name), join_path(to, name), child, keep, bytes);
            !st_copy) {
            return st_copy;
        }
    }
    if (::chmod(to.c_str(), st.st_mode & 07777) != 0) return failure(to);
    copy_times(to, st, 0);
    return {};
}

}  // namespace

core::Status copy_file(const std::string& from, const std::string& to) {
    UniqueFd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (!in || ::fstat(in.get(), &st) != 0) return failure(from);
    if (!S_ISREG(st.st_mode)) return core::make_error(from + ": not a regular file");
    ::unlink(to.c_str());
    UniqueFd out(::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!out) return failure(to);
    if (auto st_copy = copy_contents(in.get(), out.get(), static_cast<uint64_t>(st.st_size));
        !st_copy) {
        return core::make_error(to + ": " + st_copy.message());
    }
    if (::fchmod(out.get(), st.st_mode & 07777) != 0) return failure(to);
    timespec times[2] = {st.st_atim, st.st_mtim};
    if (::futimens(out.get(), times) != 0) return failure(to);
    if (::close(out.release()) != 0) return failure(to);
    return {};
}

core::Result<uint64_t> copy_tree(const std::string& from, const std::string& to,
                                 const CopyFilter& keep) {
    uint64_t bytes = 0;
    if (auto st = copy_entry(from, to, "", keep, bytes); !st) return st.error();
    return bytes;
}

}  // namespace squashrun::os
