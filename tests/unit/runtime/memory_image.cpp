// squashfs_of: mksquashfs into a file, read back into memory behind a prefix.
#include "memory_image.hpp"

#include <stdexcept>

#include "os/files.hpp"
#include "temp_tree.hpp"

namespace squashrun::test {

std::vector<std::byte> squashfs_of(const std::string& dir, size_t prefix) {
    TempTree out;
    std::string image = out / "image.sqfs";
    if (!run_quietly({"/usr/bin/mksquashfs", dir, image, "-comp", "zstd", "-b", "4096", "-noappend",
                      "-all-root", "-no-progress", "-quiet"})) {
        throw std::runtime_error("mksquashfs failed");
    }
    auto text = os::read_file(image);
    if (!text) throw std::runtime_error(text.message());
    std::vector<std::byte> bytes(prefix);
    for (char c : *text)
        bytes.push_back(static_cast<std::byte>(c));
    return bytes;
}

}  // namespace squashrun::test
