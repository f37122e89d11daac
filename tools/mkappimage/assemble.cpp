// assemble_appimage: mksquashfs writes the payload at the runtime's size into a temporary
// file, the runtime fills the hole before it, .upd_info is patched, then rename.
#include "assemble.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <span>

#include "core/format/sections.hpp"
#include "interrupt.hpp"
#include "os/elf_file.hpp"
#include "os/executable.hpp"
#include "process.hpp"
#include "signing.hpp"

namespace squashrun::mkappimage {
namespace {

std::string errno_text() {
    return std::strerror(errno);
}

bool write_at(int fd, std::string_view data, off_t offset) {
    while (!data.empty()) {
        ssize_t n = ::pwrite(fd, data.data(), data.size(), offset);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data.remove_prefix(static_cast<size_t>(n));
        offset += n;
    }
    return true;
}

core::Status append_file(int out_fd, const std::string& path, off_t offset) {
    int in = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) return core::make_error(path + ": " + errno_text());
    core::Status status;
    off_t out_offset = offset;
    bool plain_copy = false;
    for (;;) {
        ssize_t n = ::copy_file_range(in, nullptr, out_fd, &out_offset, 1 << 30, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 &&
            (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP) &&
            out_offset == offset) {
            plain_copy = true;  // another file system, or no support: copy by hand
            break;
        }
        if (n < 0) status = core::make_error("cannot copy " + path + ": " + errno_text());
        if (n <= 0) break;
    }
    std::string buffer(1 << 20, '\0');
    while (plain_copy && status) {
        ssize_t n = ::read(in, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) status = core::make_error("cannot read " + path + ": " + errno_text());
        if (n <= 0) break;
        if (!write_at(out_fd, std::string_view(buffer.data(), static_cast<size_t>(n)),
                      out_offset)) {
            status = core::make_error("cannot write the output: " + errno_text());
        }
        out_offset += n;
    }
    ::close(in);
    return status;
}

// mksquashfs gets an environment without SOURCE_DATE_EPOCH (Settings::tool_environment): it
// would read that itself and then refuse the explicit times given as options.
core::Status run_mksquashfs(const PayloadSpec& spec, const Settings& settings) {
    auto mksquashfs = os::find_executable("mksquashfs", settings.path);
    if (!mksquashfs) return core::make_error("mksquashfs not found (install squashfs-tools)");
    auto result = run_program(mksquashfs_arguments(*mksquashfs, spec), settings.tool_environment);
    if (result.exit_code != 0) {
        return core::make_error("mksquashfs failed: " + first_line_with(result.output, "rror"));
    }
    return {};
}

core::Status fill(const AssembleRequest& request, const Settings& settings, const std::string& temp,
                  int fd) {
    const std::string& runtime = request.runtime.bytes;
    if (request.build) {
        PayloadSpec spec = *request.build;
        spec.output = temp;
        spec.offset = runtime.size();
        if (auto st = run_mksquashfs(spec, settings); !st) return st;
    } else if (auto st = append_file(fd, request.payload_file, static_cast<off_t>(runtime.size()));
               !st) {
        return st;
    }
    if (!write_at(fd, runtime, 0)) {
        return core::make_error("cannot write " + temp + ": " + errno_text());
    }
    if (request.update_information) {
        const std::string& text = *request.update_information;
        auto bytes = std::as_bytes(std::span(text.data(), text.size()));
        if (auto st = os::patch_section(temp, core::kUpdateInfoSection, bytes); !st) return st;
    }
    if (request.verify) {
        if (auto st = request.verify(temp, runtime.size()); !st) return st;
    }
    if (request.signing_key != nullptr) {
        if (auto st = embed_signature(temp, fd, runtime.size(), *request.signing_key,
                                      request.app_identity, request.app_version);
            !st) {
            return st;
        }
    }
    if (::fchmod(fd, 0755) != 0) {
        return core::make_error("cannot write " + temp + ": " + errno_text());
    }
    if (request.epoch) {
        timespec times[2] = {{static_cast<time_t>(*request.epoch), 0},
                             {static_cast<time_t>(*request.epoch), 0}};
        if (::futimens(fd, times) != 0) {
            return core::make_error("cannot set the time of " + temp + ": " + errno_text());
        }
    }
    return {};
}

}  // namespace

core::Status assemble_appimage(const AssembleRequest& request, const Settings& settings) {
    size_t slash = request.output.rfind('/');
    std::string dir = slash == std::string::npos ? "." : request.output.substr(0, slash);
    std::string base =
        slash == std::string::npos ? request.output : request.output.substr(slash + 1);
    std::string temp = dir + "/." + base + ".XXXXXX";
    int fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0) return core::make_error("cannot create a file in " + dir + ": " + errno_text());
    RemoveOnInterrupt guard(temp);
    core::Status status = fill(request, settings, temp, fd);
    if (::close(fd) != 0 && status) status = core::make_error(temp + ": " + errno_text());
    if (status && ::rename(temp.c_str(), request.output.c_str()) != 0) {
        status = core::make_error("cannot create " + request.output + ": " + errno_text());
    }
    if (!status) ::unlink(temp.c_str());
    return status;
}

}  // namespace squashrun::mkappimage
