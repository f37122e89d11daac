// Fuzz target: the ELF header and section table, the type 2 layout (payload offset, magic),
// the named sections' text, and the squashfs superblock at the payload offset.
#include "core/format/elf.hpp"
#include "core/format/payload.hpp"
#include "core/format/sections.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace squashrun;
    core::MemorySource source({reinterpret_cast<const std::byte*>(data), size});
    auto elf = core::parse_elf(source);
    if (elf) {
        for (auto name :
             {core::kUpdateInfoSection, core::kSignatureSection, core::kSigningKeySection})
            (void)core::read_section_text(source, *elf, name);
    }
    auto layout = core::read_type2_layout(source);
    if (layout) {
        fuzz::require(layout->payload_offset <= size, "payload offset inside the file");
        (void)core::read_superblock(source, layout->payload_offset);
    }
    (void)core::read_superblock(source, 0);
    return 0;
}
