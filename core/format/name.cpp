// Output naming for mkappimage.
#include "core/format/name.hpp"

namespace squashrun::core {
namespace {

std::string file_name_part(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == ' ') {
            out += '_';
        } else if (c != '/' && static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) {
            out += c;
        }
    }
    return out;
}

}  // namespace

std::string appimage_arch(std::string_view machine) {
    if (machine == "i386" || machine == "i486" || machine == "i586" || machine == "i686") {
        return "i686";
    }
    if (machine == "armv7l" || machine == "armv6l") return "armhf";
    if (machine == "arm64") return "aarch64";
    if (machine == "amd64") return "x86_64";
    return std::string(machine);
}

std::string default_appimage_name(std::string_view name, std::string_view version,
                                  std::string_view arch) {
    std::string out = file_name_part(name);
    if (out.empty() || out == "." || out == "..") out = "App";
    if (std::string v = file_name_part(version); !v.empty()) out += "-" + v;
    return out + "-" + std::string(arch) + ".AppImage";
}

}  // namespace squashrun::core
