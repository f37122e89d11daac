// Key files and the `.minisig` of the AppImage.
#include "signing.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "core/format/elf.hpp"
#include "core/sign/chunks.hpp"
#include "core/sign/header.hpp"
#include "os/elf_file.hpp"
#include "os/fd_io.hpp"
#include "os/files.hpp"
#include "os/replace_file.hpp"
#include "os/unique_fd.hpp"

namespace squashrun::mkappimage {
namespace {

std::string errno_text() {
    return std::strerror(errno);
}

// Creates `path` with `mode` and `content`; never replaces an existing file.
core::Status create_file(const std::string& path, const std::string& content, mode_t mode) {
    os::UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
    if (!fd) return core::make_error(path + ": " + errno_text());
    if (::fchmod(fd.get(), mode) != 0 || !os::write_all(fd.get(), content) ||
        ::fsync(fd.get()) != 0) {
        std::string why = path + ": " + errno_text();
        ::unlink(path.c_str());
        return core::make_error(why);
    }
    return {};
}

std::string base_name(const std::string& path) {
    size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

core::Status generate_key_files(const std::string& path) {
    std::string public_path = path + ".pub";
    for (const std::string& file : {path, public_path}) {
        if (::access(file.c_str(), F_OK) == 0) {
            return core::make_error(file + ": exists; not replacing a key");
        }
    }
    core::SecretKey key = core::generate_secret_key();
    if (auto st = create_file(path, core::format_secret_key(key), 0600); !st) return st;
    if (auto st = create_file(public_path, core::format_public_key(key.public_key()), 0644); !st) {
        ::unlink(path.c_str());
        return st;
    }
    return {};
}

core::Result<core::SecretKey> load_secret_key(const std::string& path) {
    auto text = os::read_file(path, 1 << 16);
    if (!text) return text.error();
    auto key = core::parse_secret_key(*text);
    if (!key) return core::make_error(path + ": " + key.message());
    return key;
}

core::Status embed_signature(const std::string& path, int fd, uint64_t payload_offset,
                             const core::SecretKey& key, const std::string& app_identity,
                             const std::string& app_version) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) return core::make_error(path + ": " + errno_text());
    auto size = static_cast<uint64_t>(st.st_size);
    core::FileSource file(fd, size);
    auto elf = core::parse_elf(file);
    if (!elf) return elf.error();
    if (elf->find_section(core::kSignedHeaderSection) == nullptr) {
        return core::make_error("the runtime has no " + std::string(core::kSignedHeaderSection) +
                                " section to sign into (use squashrun's runtime)");
    }
    core::SignedHeader header;
    header.payload_offset = payload_offset;
    header.payload_length = size - payload_offset;
    header.chunk_count = core::chunk_count_for(header.payload_length, header.chunk_size);
    header.table_offset = (size + 4095) / 4096 * 4096;
    header.app_identity = app_identity;
    header.app_version = app_version;
    auto table = core::chunk_table(file, payload_offset, header.payload_length, header.chunk_size);
    if (!table) return table.error();
    std::vector<std::byte> index = core::table_index(*table);
    header.index_hash = core::hash256(index);
    auto runtime = core::runtime_hash(file, *elf, payload_offset);
    if (!runtime) return runtime.error();
    header.runtime_hash = *runtime;
    auto update = core::update_info_hash(file, *elf);
    if (!update) return update.error();
    header.update_info_hash = *update;
    std::string padded(header.table_offset - size, '\0');
    padded.append(reinterpret_cast<const char*>(table->data()), table->size());
    padded.append(reinterpret_cast<const char*>(index.data()), index.size());
    if (::pwrite(fd, padded.data(), padded.size(), static_cast<off_t>(size)) !=
        static_cast<ssize_t>(padded.size())) {
        return core::make_error(path + ": " + errno_text());
    }
    auto signed_header = core::sign_header(header, key);
    if (!signed_header) return signed_header.error();
    return os::patch_section(path, core::kSignedHeaderSection, *signed_header);
}

core::Status write_minisig(const std::string& file, const core::SecretKey& key,
                           std::optional<int64_t> epoch) {
    os::UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) return core::make_error(file + ": " + errno_text());
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return core::make_error(file + ": " + errno_text());
    core::FileSource source(fd.get(), static_cast<uint64_t>(st.st_size));
    auto hash = core::hash_for_signature(source, 0, static_cast<uint64_t>(st.st_size));
    if (!hash) return core::make_error(file + ": " + hash.message());
    int64_t when = epoch ? *epoch : static_cast<int64_t>(std::time(nullptr));
    std::string comment =
        "timestamp:" + std::to_string(when) + "\tfile:" + base_name(file) + "\thashed";
    std::string path = file + ".minisig";
    if (auto written = os::replace_file(path, core::sign_detached(key, *hash, comment)); !written) {
        return written;
    }
    return {};
}

}  // namespace squashrun::mkappimage
