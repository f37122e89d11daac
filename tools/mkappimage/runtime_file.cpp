// Runtime lookup relative to the mkappimage executable, and its checks.
#include "runtime_file.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <climits>

#include "core/format/byte_source.hpp"
#include "core/format/elf.hpp"
#include "core/format/payload.hpp"
#include "core/format/sections.hpp"
#include "os/files.hpp"

#ifndef SQUASHRUN_BUILD_RUNTIME
#define SQUASHRUN_BUILD_RUNTIME ""
#endif

namespace squashrun::mkappimage {

core::Result<std::string> locate_installed(const std::string& flag, const std::string& name,
                                           const std::string& built, const std::string& option) {
    if (!flag.empty()) return flag;
    char exe[PATH_MAX];
    ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
    std::string tried;
    if (n > 0) {
        std::string self(exe, static_cast<size_t>(n));
        std::string installed = self.substr(0, self.rfind('/')) + "/../lib/squashrun/" + name;
        if (::access(installed.c_str(), R_OK) == 0) return installed;
        tried = installed;
    }
    if (!built.empty() && ::access(built.c_str(), R_OK) == 0) return built;
    return core::make_error("no " + name + " found (looked for " + tried + "); pass " + option +
                            " FILE");
}

core::Result<std::string> locate_runtime(const std::string& flag) {
    utsname host{};
    ::uname(&host);
    return locate_installed(flag, std::string("runtime-") + host.machine, SQUASHRUN_BUILD_RUNTIME,
                            "--runtime");
}

core::Result<RuntimeFile> load_runtime(const std::string& path) {
    auto content = os::read_file(path);
    if (!content) return core::make_error("cannot read the runtime " + content.message());
    RuntimeFile runtime{path, std::move(*content), false};
    core::MemorySource source(
        {reinterpret_cast<const std::byte*>(runtime.bytes.data()), runtime.bytes.size()});
    auto elf = core::parse_elf(source);
    if (!elf) return core::make_error(path + ": not a runtime: " + elf.message());
    if (auto magic = core::check_type2_magic(source); !magic) {
        return core::make_error(path + ": not a runtime: " + magic.message());
    }
    if (elf->end_offset() != runtime.bytes.size()) {
        return core::make_error(path + ": not a bare runtime (something is appended to it)");
    }
    runtime.has_update_section = elf->find_section(core::kUpdateInfoSection) != nullptr;
    return runtime;
}

}  // namespace squashrun::mkappimage
