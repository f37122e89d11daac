// Reading named ELF sections of a runtime or an AppImage, and planning their patches.
#include "core/format/sections.hpp"

#include <algorithm>
#include <cstring>

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

Result<SectionPatch> plan_section_patch(const ElfInfo& elf, std::string_view name,
                                        std::span<const std::byte> content) {
    const ElfSection* section = elf.find_section(name);
    if (section == nullptr) return make_error("no " + std::string(name) + " section");
    if (content.size() > section->file_size()) {
        return make_error(std::to_string(content.size()) + " bytes do not fit in " +
                          std::string(name) + " (" + std::to_string(section->file_size()) +
                          " bytes)");
    }
    SectionPatch patch{section->offset, std::vector<std::byte>(section->file_size())};
    std::copy(content.begin(), content.end(), patch.bytes.begin());
    return patch;
}

}  // namespace squashrun::core
