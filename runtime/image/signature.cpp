// The launch's checks of a signed AppImage, and the switch of its payload reads to checked
// chunks.
#include "runtime/image/signature.hpp"

#include <algorithm>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <cctype>

#include "core/format/payload.hpp"
#include "core/sign/chunks.hpp"
#include "core/sign/minisign.hpp"
#include "core/text/text.hpp"
#include "os/files.hpp"
#include "os/private_dir.hpp"
#include "os/replace_file.hpp"
#include "runtime/image/chunk_table.hpp"
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
    if (section->file_size() > 4096) {
        return core::make_error(image.path + ": the signed header section is too large");
    }
    auto bytes = image.source().read_vector(section->offset, section->file_size());
    if (!bytes) return core::make_error(image.path + ": " + bytes.message());
    auto header = core::parse_signed_header(*bytes);
    if (!header) return core::make_error(image.path + ": " + header.message());
    return header;
}

namespace {

// The checks a launch makes of the header against the file, then the table's index (and with
// `whole` the table) read and checked against the header.
core::Result<CheckedTable> checked_table(const AppImageFile& image, const core::SignedHeader& h,
                                         bool whole) {
    auto sb = core::read_superblock(image.source(), image.layout.payload_offset);
    if (h.payload_offset != image.layout.payload_offset || !sb ||
        sb->bytes_used > h.payload_length || h.table_offset > image.size ||
        core::table_bytes(h) + core::index_bytes(h) > image.size - h.table_offset) {
        return core::make_error(image.path + ": the signed header does not describe this file");
    }
    auto table = read_checked_table(image.source(), h, whole);
    if (!table) return core::make_error(image.path + ": " + table.message());
    return table;
}

std::string hex(std::span<const uint8_t> bytes) {
    return core::hex_of({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
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
std::string payload_identity(std::shared_ptr<const core::ByteSource> source, uint64_t offset) {
    auto reader = SquashfsImage::open(std::move(source), offset);
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

// The file's own descriptor for a VerifiedSource, whose check-ahead thread may outlive the
// AppImageFile (which closes its descriptor when it goes).
std::shared_ptr<const core::ByteSource> open_own_copy(const AppImageFile& image) {
    struct OwnedFd final : core::ByteSource {
        OwnedFd(int fd, uint64_t size) : fd_(fd), source_(fd, size) {}
        ~OwnedFd() override {
            if (fd_ >= 0) ::close(fd_);
        }
        uint64_t size() const override { return source_.size(); }
        core::Status read_exact(uint64_t offset, std::span<std::byte> out) const override {
            return source_.read_exact(offset, out);
        }
        int fd_;
        core::FileSource source_;
    };
    int fd = ::fcntl(image.fd, F_DUPFD_CLOEXEC, 3);
    if (fd < 0) return std::make_shared<core::FileSource>(image.fd, image.size);
    return std::make_shared<OwnedFd>(fd, image.size);
}

// "path-" and 32 hex digits of the file's path, as pins are files.
std::string path_pin_name(const AppImageFile& image) {
    core::Hash256 hash =
        core::hash256(std::as_bytes(std::span(image.path.data(), image.path.size())));
    return "path-" + hex(std::span(hash.data(), 16));
}

// The key recorded in `pin`: nullopt when there is none; an error when the file is there but
// cannot be read as a key (it fails closed: a damaged record must not let anything through).
core::Result<std::optional<core::PublicKey>> read_pin(const std::string& pin) {
    struct stat st {};
    if (::lstat(pin.c_str(), &st) != 0 && errno == ENOENT) {
        return std::optional<core::PublicKey>();
    }
    auto text = os::read_file(pin, 4096, false);
    if (!text) return core::make_error(text.message() + " (a recorded key; remove it to reset)");
    auto key = core::parse_public_key(*text);
    if (!key) return core::make_error(pin + ": " + key.message() + " (remove it to reset)");
    return std::optional<core::PublicKey>(*key);
}

// `dir` and its missing parents (mode 0700), the last one checked private.
bool make_private_dirs(const std::string& dir) {
    for (size_t slash = dir.find('/', 1); slash != std::string::npos;
         slash = dir.find('/', slash + 1)) {
        (void)::mkdir(dir.substr(0, slash).c_str(), 0700);
    }
    return static_cast<bool>(os::ensure_private_dir(dir));
}

void write_pin(const std::string& dir, const std::string& pin, const core::PublicKey& key) {
    if (dir.empty() || !make_private_dirs(dir)) return;
    (void)os::replace_file(pin, core::format_public_key(key));
}

// Text from a file shown on a terminal: control characters become '?'.
std::string printable(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    }
    return out;
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
    if (trust.policy == core::VerifyPolicy::off) {
        image.trust_tag = "unchecked";  // never shares a cached tree or a mount with checks
        return std::string();
    }
    auto header = read_signed_header(image);
    if (!header) return header.error();
    core::TrustQuestion question;
    question.policy = trust.policy;
    if (header->has_value()) {
        const core::SignedHeader& h = **header;
        auto table = checked_table(image, h, core::table_bytes(h) <= kWholeTableAtStart);
        if (!table) return table.error();
        if (!valid_identity(h.app_identity)) {
            return core::make_error(image.path + ": the signed app identity '" +
                                    printable(h.app_identity) + "' is not a valid name");
        }
        auto update = core::update_info_hash(image.source(), image.layout.elf);
        if (!update || *update != h.update_info_hash) {
            return core::make_error(image.path +
                                    ": the update information is not the one that was signed");
        }
        question.identity = h.app_identity;
        question.signer = core::PublicKey{h.key_id, h.public_key};
        image.trust_tag = "signed " + hex(h.index_hash);
        // The identity pins are keyed by must be the payload's own: a checked look at its
        // root. Nothing is checked ahead for it, so no thread runs when the mount server forks
        // (which keeps the chunks checked here).
        auto reader = std::make_shared<VerifiedSource>(open_own_copy(image), h, std::move(*table),
                                                       image.path, trust.program);
        reader->set_checking_ahead(false);
        std::string payload = payload_identity(reader, image.layout.payload_offset);
        if (payload != h.app_identity) {
            return core::make_error(image.path + ": signed for '" + h.app_identity +
                                    "', but its payload's desktop file is '" + payload +
                                    ".desktop'");
        }
        reader->set_checking_ahead(true);
        image.payload_reader = std::move(reader);
    } else if (has_pins(trust.pins_dir)) {
        // Only when some app was seen signed: the identity of an unsigned file is in its
        // payload (its desktop file's name), which costs a look at the image's root.
        question.identity = payload_identity(image.shared_source(), image.layout.payload_offset);
        if (!valid_identity(question.identity)) question.identity.clear();
    } else if (trust.policy == core::VerifyPolicy::automatic) {
        return std::string();  // unsigned, and no app was ever seen signed: nothing to check
    }
    if (question.signer) {  // only a signer is looked up in the trusted keys
        for (const std::string& file : trust.trusted_keys_files) {
            auto keys = read_trusted_keys(file);
            if (!keys) return keys.error();
            question.trusted.insert(question.trusted.end(), keys->begin(), keys->end());
        }
    }
    // First use is recorded twice: for the app identity, and for this file's path, so that a
    // file replaced at the same path cannot escape by claiming another identity.
    struct Record {
        std::string pin;
        std::string subject;  // how messages name what was signed before
    };
    std::vector<Record> records;
    if (!question.identity.empty()) {
        records.push_back({trust.pins_dir + "/" + question.identity, ""});
    }
    if (!trust.pins_dir.empty()) {
        records.push_back({trust.pins_dir + "/" + path_pin_name(image), "the file at this path"});
    }
    core::TrustAnswer answer = core::decide_trust(question);  // with no record, or none yet
    std::vector<std::string> to_record;
    for (const Record& record : records) {
        auto pinned = read_pin(record.pin);
        if (!pinned) return pinned.error();
        core::TrustQuestion asked = question;
        asked.pinned = *pinned;
        asked.subject = record.subject;
        answer = core::decide_trust(asked);
        if (!answer.run) {
            std::string why = image.path + ": " + answer.message;
            if (asked.pinned && trust.policy == core::VerifyPolicy::automatic) {
                why += "; to accept it, remove " + record.pin;
            }
            return core::make_error(why);
        }
        if (answer.pin) to_record.push_back(record.pin);
    }
    if (!answer.run) return core::make_error(image.path + ": " + answer.message);
    for (const std::string& pin : to_record)  // only once every record let the file run
        write_pin(trust.pins_dir, pin, *question.signer);
    if (!answer.message.empty()) return image.path + ": " + answer.message;
    return std::string();
}

core::Result<std::string> verify_whole_file(const AppImageFile& image) {
    auto header = read_signed_header(image);
    if (!header) return header.error();
    if (!header->has_value()) return core::make_error(image.path + ": not signed");
    const core::SignedHeader& h = **header;
    auto table = checked_table(image, h, true);
    if (!table) return table.error();
    auto chunks =
        core::chunk_table(image.source(), h.payload_offset, h.payload_length, h.chunk_size);
    if (!chunks) return core::make_error(image.path + ": " + chunks.message());
    for (uint64_t i = 0; i < h.chunk_count; ++i) {
        size_t at = static_cast<size_t>(i * core::kChunkHashBytes);
        if (std::memcmp(chunks->data() + at, table->table.data() + at, core::kChunkHashBytes) !=
            0) {
            return core::make_error(image.path + ": payload chunk " + std::to_string(i) +
                                    " does not match its signature");
        }
    }
    uint64_t gap = h.table_offset - h.payload_offset - h.payload_length;
    if (gap >= 4096)
        return core::make_error(image.path + ": bytes outside the signed payload and table");
    auto padding = image.source().read_vector(h.payload_offset + h.payload_length, gap);
    if (!padding ||
        std::any_of(padding->begin(), padding->end(),
                    [](std::byte b) { return b != std::byte{0}; }) ||
        image.size != core::index_offset(h) + core::index_bytes(h)) {
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
    core::PublicKey key{h.key_id, h.public_key};
    std::string pub = core::format_public_key(key);
    pub = pub.substr(pub.find('\n') + 1);
    pub.pop_back();
    return image.path + ": valid, signed by key " + core::key_id_text(h.key_id) +
           "\n  public key " + pub +
           " (compare it with the publisher's; a key id can be copied)\n  " +
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
           "  app:           " + printable(h.app_identity) +
           (h.app_version.empty() ? "" : " " + printable(h.app_version)) + "\n" +
           "  payload:       " + std::to_string(h.payload_length) + " bytes at offset " +
           std::to_string(h.payload_offset) + ", " + std::to_string(h.chunk_count) + " chunks of " +
           std::to_string(h.chunk_size) + " bytes (BLAKE2b-256)\n" + "  chunk table:   at offset " +
           std::to_string(h.table_offset) + ", its index at " +
           std::to_string(core::index_offset(h)) + " (" +
           std::to_string(core::table_page_count(h)) + " pages), hash " + hex(h.index_hash) + "\n" +
           "  runtime hash:  " + hex(h.runtime_hash) + "\n" +
           "  .upd_info:     " + hex(h.update_info_hash) + "\n";
}

}  // namespace squashrun::runtime
