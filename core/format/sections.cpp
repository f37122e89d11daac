// Reading and patching named ELF sections of a runtime or an AppImage.
#include "core/format/sections.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/format/payload.hpp"

namespace squashrun::core {

Result<std::string> read_section_text(const ByteSource& source, const ElfInfo& elf,
                                      std::string_view name) {
    const ElfSection* section = elf.find_section(name);
    if (section == nullptr) return make_error("no " + std::string(name) + " section");
    auto bytes = source.read_vector(section->offset, section->file_size());
    if (!bytes) return bytes.error();
    const auto* text = reinterpret_cast<const char*>(bytes->data());
    return std::string(text, strnlen(text, bytes->size()));
}

namespace {

struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

std::string errno_text(const std::string& what) {
    return what + ": " + std::strerror(errno);
}

}  // namespace

Status patch_section(const std::string& path, std::string_view name,
                     std::span<const std::byte> content) {
    Fd file{::open(path.c_str(), O_RDWR | O_CLOEXEC)};
    if (file.fd < 0) return make_error(errno_text(path));
    struct stat st {};
    if (::fstat(file.fd, &st) != 0) return make_error(errno_text(path));
    FileSource source(file.fd, static_cast<uint64_t>(st.st_size));
    auto elf = parse_elf(source);
    if (!elf) return make_error(path + ": " + elf.message());
    const ElfSection* section = elf->find_section(name);
    if (section == nullptr) return make_error(path + ": no " + std::string(name) + " section");
    if (content.size() > section->file_size()) {
        return make_error(path + ": " + std::to_string(content.size()) + " bytes do not fit in " +
                          std::string(name) + " (" + std::to_string(section->file_size()) +
                          " bytes)");
    }
    std::vector<std::byte> field(section->file_size());
    std::memcpy(field.data(), content.data(), content.size());
    size_t done = 0;
    while (done < field.size()) {
        ssize_t n = ::pwrite(file.fd, field.data() + done, field.size() - done,
                             static_cast<off_t>(section->offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return make_error(errno_text(path));
        done += static_cast<size_t>(n);
    }
    return {};
}

Status write_type2_magic(const std::string& path) {
    Fd file{::open(path.c_str(), O_RDWR | O_CLOEXEC)};
    if (file.fd < 0) return make_error(errno_text(path));
    struct stat st {};
    if (::fstat(file.fd, &st) != 0) return make_error(errno_text(path));
    FileSource source(file.fd, static_cast<uint64_t>(st.st_size));
    if (auto elf = parse_elf(source); !elf) return make_error(path + ": " + elf.message());
    if (::pwrite(file.fd, kType2Magic, sizeof kType2Magic, kType2MagicOffset) !=
        static_cast<ssize_t>(sizeof kType2Magic)) {
        return make_error(errno_text(path));
    }
    return {};
}

}  // namespace squashrun::core
