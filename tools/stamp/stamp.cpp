// Build step: stamps the type 2 magic into the runtime and checks its reserved sections.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "core/format/elf.hpp"
#include "core/format/sections.hpp"
#include "os/elf_file.hpp"

namespace {

int stamp_main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: squashrun-stamp RUNTIME\n");
        return 2;
    }
    const std::string path = argv[1];
    if (auto st = squashrun::os::write_type2_magic(path); !st) {
        std::fprintf(stderr, "squashrun-stamp: %s\n", st.message().c_str());
        return 1;
    }
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0) {
        std::perror(path.c_str());
        return 1;
    }
    squashrun::core::FileSource source(fd, static_cast<uint64_t>(st.st_size));
    auto elf = squashrun::core::parse_elf(source);
    ::close(fd);
    if (!elf) {
        std::fprintf(stderr, "squashrun-stamp: %s: %s\n", path.c_str(), elf.message().c_str());
        return 1;
    }
    struct Expected {
        std::string_view name;
        uint64_t size;
    };
    for (Expected e : {Expected{squashrun::core::kUpdateInfoSection, 1024},
                       Expected{squashrun::core::kSignatureSection, 1024},
                       Expected{squashrun::core::kSigningKeySection, 8192}}) {
        const auto* section = elf->find_section(e.name);
        if (section == nullptr || section->file_size() != e.size) {
            std::fprintf(stderr, "squashrun-stamp: %s: section %s missing or not %llu bytes\n",
                         path.c_str(), std::string(e.name).c_str(),
                         static_cast<unsigned long long>(e.size));
            return 1;
        }
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    return stamp_main(argc, argv);
}
