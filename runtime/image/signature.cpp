// The launch's checks of a signed AppImage, and the switch of its payload reads to checked
// chunks.
#include "runtime/image/signature.hpp"

#include "core/format/payload.hpp"
#include "runtime/image/verified_source.hpp"

namespace squashrun::runtime {

VerifyMode verify_mode(std::string_view value) {
    if (value == "off") return VerifyMode::off;
    if (value.empty() || value == "auto") return VerifyMode::automatic;
    return VerifyMode::require;
}

core::Result<std::optional<core::SignedHeader>> read_signed_header(const AppImageFile& image) {
    const core::ElfSection* section = image.layout.elf.find_section(core::kSignedHeaderSection);
    if (section == nullptr) return std::optional<core::SignedHeader>();  // another runtime
    auto bytes = image.source().read_vector(section->offset, section->file_size());
    if (!bytes) return core::make_error(image.path + ": " + bytes.message());
    auto header = core::parse_signed_header(*bytes);
    if (!header) return core::make_error(image.path + ": " + header.message());
    return header;
}

core::Status check_signature(AppImageFile& image, VerifyMode mode, const std::string& program) {
    if (mode == VerifyMode::off) return {};
    auto header = read_signed_header(image);
    if (!header) return header.error();
    if (!header->has_value()) {
        if (mode == VerifyMode::require) {
            return core::make_error(image.path +
                                    ": not signed, and SQUASHRUN_VERIFY=require refuses it");
        }
        return {};
    }
    const core::SignedHeader& h = **header;
    auto sb = core::read_superblock(image.source(), image.layout.payload_offset);
    if (h.payload_offset != image.layout.payload_offset || !sb ||
        sb->bytes_used > h.payload_length || h.table_offset > image.size ||
        h.chunk_count * core::kChunkHashBytes > image.size - h.table_offset) {
        return core::make_error(image.path + ": the signed header does not describe this file");
    }
    auto table = image.source().read_vector(h.table_offset, h.chunk_count * core::kChunkHashBytes);
    if (!table) return core::make_error(image.path + ": " + table.message());
    if (core::hash256(*table) != h.table_hash) {
        return core::make_error(image.path + ": the chunk table does not match its signature");
    }
    image.payload_reader =
        std::make_shared<VerifiedSource>(std::make_shared<core::FileSource>(image.fd, image.size),
                                         h, std::move(*table), image.path, program);
    return {};
}

}  // namespace squashrun::runtime
