// The launch's checks of a signed AppImage, and the switch of its payload reads to checked
// chunks.
#include "runtime/image/signature.hpp"

#include <algorithm>
#include <cstring>

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>

#include "core/format/payload.hpp"
#include "core/sign/chunks.hpp"
#include "core/sign/minisign.hpp"
#include "os/files.hpp"
#include "os/private_dir.hpp"
#include "os/replace_file.hpp"
#include "runtime/image/reader.hpp"
#include "runtime/image/verified_source.hpp"

namespace squashrun::runtime {

core::VerifyPolicy verify_policy(std::string_view value) {
    if (value == "off") return core::VerifyPolicy::off;
    if (value.empty() || value == "auto") return core::VerifyPolicy::automatic;
    return core::VerifyPolicy::require;
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

namespace {

// The checks a launch makes of the header against the file, then the table read and checked
// against its hash.
core::Result<std::vector<std::byte>> checked_table(const AppImageFile& image,
                                                   const core::SignedHeader& h) {
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
    return table;
}

std::string hex(std::span<const uint8_t> bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (uint8_t b : bytes) {
        out += kHex[b >> 4];
        out += kHex[b & 15];
    }
    return out;
}

bool has_pins(const std::string& dir) {
    return !dir.empty() && !os::list_directory(dir).empty();
}

// Identities become file names: letters, digits, '.', '_', '-', not starting with '.'.
bool valid_identity(const std::string& identity) {
    if (identity.empty() || identity.size() > 255 || identity.front() == '.') return false;
    return std::all_of(identity.begin(), identity.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    });
}

// The name of the payload's one desktop file without ".desktop"; "" when it has none.
std::string payload_identity(const AppImageFile& image) {
    auto reader = SquashfsImage::open(image.shared_source(), image.layout.payload_offset);
    if (!reader) return "";
    auto root = (*reader)->root();
    if (!root) return "";
    auto names = (*reader)->list_names(*root);
    if (!names) return "";
    std::string found;
    for (const std::string& name : *names) {
        if (!name.ends_with(".desktop")) continue;
        if (!found.empty()) return "";
        found = name.substr(0, name.size() - 8);
    }
    return found;
}

std::optional<core::PublicKey> read_pin(const std::string& dir, const std::string& identity) {
    if (dir.empty()) return std::nullopt;
    auto text = os::read_file(dir + "/" + identity, 4096, false);
    if (!text) return std::nullopt;
    auto key = core::parse_public_key(*text);
    if (!key) return std::nullopt;
    return *key;
}

// `dir` and its missing parents (mode 0700), the last one checked private.
bool make_private_dirs(const std::string& dir) {
    for (size_t slash = dir.find('/', 1); slash != std::string::npos;
         slash = dir.find('/', slash + 1)) {
        (void)::mkdir(dir.substr(0, slash).c_str(), 0700);
    }
    return static_cast<bool>(os::ensure_private_dir(dir));
}

void write_pin(const std::string& dir, const std::string& identity, const core::PublicKey& key) {
    if (dir.empty() || !make_private_dirs(dir)) return;
    (void)os::replace_file(dir + "/" + identity, core::format_public_key(key));
}

core::Result<std::vector<core::TrustedKey>> read_trusted_keys(const std::string& path) {
    if (::access(path.c_str(), F_OK) != 0) return std::vector<core::TrustedKey>();
    auto text = os::read_file(path, 1 << 20);
    if (!text) return text.error();
    auto keys = core::parse_trusted_keys(*text);
    if (!keys) return core::make_error(path + ": " + keys.message());
    return keys;
}

}  // namespace

core::Result<std::string> check_signature(AppImageFile& image, const TrustSettings& trust) {
    if (trust.policy == core::VerifyPolicy::off) return std::string();
    auto header = read_signed_header(image);
    if (!header) return header.error();
    core::TrustQuestion question;
    question.policy = trust.policy;
    if (header->has_value()) {
        const core::SignedHeader& h = **header;
        auto table = checked_table(image, h);
        if (!table) return table.error();
        question.identity = h.app_identity;
        question.signer = core::PublicKey{h.key_id, h.public_key};
        image.payload_reader = std::make_shared<VerifiedSource>(
            std::make_shared<core::FileSource>(image.fd, image.size), h, std::move(*table),
            image.path, trust.program);
    } else if (has_pins(trust.pins_dir)) {
        // Only when some app was seen signed: the identity of an unsigned file is in its
        // payload (its desktop file's name), which costs a look at the image's root.
        question.identity = payload_identity(image);
    }
    if (!valid_identity(question.identity)) question.identity.clear();
    if (!question.identity.empty()) question.pinned = read_pin(trust.pins_dir, question.identity);
    for (const std::string& file : trust.trusted_keys_files) {
        auto keys = read_trusted_keys(file);
        if (!keys) return keys.error();
        question.trusted.insert(question.trusted.end(), keys->begin(), keys->end());
    }
    core::TrustAnswer answer = core::decide_trust(question);
    if (!answer.run) {
        if (header->has_value() || trust.policy == core::VerifyPolicy::require) {
            return core::make_error(image.path + ": " + answer.message);
        }
        return core::make_error(image.path + ": " + answer.message + "; to accept it, remove " +
                                trust.pins_dir + "/" + question.identity);
    }
    if (answer.pin) write_pin(trust.pins_dir, question.identity, *question.signer);
    if (!answer.message.empty()) return image.path + ": " + answer.message;
    return std::string();
}

core::Result<std::string> verify_whole_file(const AppImageFile& image) {
    auto header = read_signed_header(image);
    if (!header) return header.error();
    if (!header->has_value()) return core::make_error(image.path + ": not signed");
    const core::SignedHeader& h = **header;
    auto table = checked_table(image, h);
    if (!table) return table.error();
    auto chunks =
        core::chunk_table(image.source(), h.payload_offset, h.payload_length, h.chunk_size);
    if (!chunks) return core::make_error(image.path + ": " + chunks.message());
    for (uint64_t i = 0; i < h.chunk_count; ++i) {
        size_t at = static_cast<size_t>(i * core::kChunkHashBytes);
        if (std::memcmp(chunks->data() + at, table->data() + at, core::kChunkHashBytes) != 0) {
            return core::make_error(image.path + ": payload chunk " + std::to_string(i) +
                                    " does not match its signature");
        }
    }
    auto padding = image.source().read_vector(h.payload_offset + h.payload_length,
                                              h.table_offset - h.payload_offset - h.payload_length);
    uint64_t table_end = h.table_offset + h.chunk_count * core::kChunkHashBytes;
    if (!padding ||
        std::any_of(padding->begin(), padding->end(),
                    [](std::byte b) { return b != std::byte{0}; }) ||
        image.size != table_end) {
        return core::make_error(image.path + ": bytes outside the signed payload and table");
    }
    auto runtime = core::runtime_hash(image.source(), image.layout.elf, h.payload_offset);
    if (!runtime || *runtime != h.runtime_hash) {
        return core::make_error(image.path + ": the runtime is not the one that was signed");
    }
    auto update = core::update_info_hash(image.source(), image.layout.elf);
    if (!update || *update != h.update_info_hash) {
        return core::make_error(image.path +
                                ": the update information is not the one that was signed");
    }
    return image.path + ": valid, signed by key " + core::key_id_text(h.key_id) + "\n  " +
           std::to_string(h.chunk_count) + " payload chunks, the chunk table, the runtime and " +
           "the update information checked\n";
}

std::string describe_signed_header(const core::SignedHeader& h) {
    core::PublicKey key{h.key_id, h.public_key};
    std::string pub = core::format_public_key(key);
    pub = pub.substr(pub.find('\n') + 1);
    pub.pop_back();
    return "squashrun signature, format version " + std::to_string(h.version) + "\n" +
           "  key id:        " + core::key_id_text(h.key_id) + " (Ed25519)\n" +
           "  public key:    " + pub + " (minisign format)\n" +
           "  app:           " + h.app_identity +
           (h.app_version.empty() ? "" : " " + h.app_version) + "\n" +
           "  payload:       " + std::to_string(h.payload_length) + " bytes at offset " +
           std::to_string(h.payload_offset) + ", " + std::to_string(h.chunk_count) + " chunks of " +
           std::to_string(h.chunk_size) + " bytes (BLAKE2b-256)\n" + "  chunk table:   at offset " +
           std::to_string(h.table_offset) + ", hash " + hex(h.table_hash) + "\n" +
           "  runtime hash:  " + hex(h.runtime_hash) + "\n" +
           "  .upd_info:     " + hex(h.update_info_hash) + "\n";
}

}  // namespace squashrun::runtime
