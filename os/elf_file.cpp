// open, parse the ELF through a FileSource, pwrite what core planned.
#include "os/elf_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/format/byte_source.hpp"
#include "core/format/elf.hpp"
#include "core/format/payload.hpp"
#include "core/format/sections.hpp"
#include "os/unique_fd.hpp"

namespace squashrun::os {
namespace {

core::Error errno_error(const std::string& path) {
    return core::make_error(path + ": " + std::strerror(errno));
}

struct OpenElf {
    UniqueFd fd;
    core::ElfInfo elf;
};

core::Result<OpenElf> open_elf(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC));
    if (!fd) return errno_error(path);
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return errno_error(path);
    core::FileSource source(fd.get(), static_cast<uint64_t>(st.st_size));
    auto elf = core::parse_elf(source);
    if (!elf) return core::make_error(path + ": " + elf.message());
    return OpenElf{std::move(fd), std::move(*elf)};
}

core::Status write_at(int fd, const std::string& path, std::span<const std::byte> bytes,
                      uint64_t offset) {
    while (!bytes.empty()) {
        ssize_t n = ::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno_error(path);
        if (n == 0) return core::make_error(path + ": nothing written");
        bytes = bytes.subspan(static_cast<size_t>(n));
        offset += static_cast<uint64_t>(n);
    }
    return {};
}

}  // namespace

core::Status patch_section(const std::string& path, std::string_view name,
                           std::span<const std::byte> content) {
    auto file = open_elf(path);
    if (!file) return file.error();
    auto patch = core::plan_section_patch(file->elf, name, content);
    if (!patch) return core::make_error(path + ": " + patch.message());
    return write_at(file->fd.get(), path, patch->bytes, patch->offset);
}

core::Status write_type2_magic(const std::string& path) {
    auto file = open_elf(path);
    if (!file) return file.error();
    return write_at(file->fd.get(), path, std::as_bytes(std::span(core::kType2Magic)),
                    core::kType2MagicOffset);
}

}  // namespace squashrun::os
