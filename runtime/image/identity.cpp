// Payload hashing with an identity record, so a cached launch costs a stat and a small read.
#include "runtime/image/identity.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <ctime>

#include "core/cache/content_hash.hpp"
#include "core/cache/policy.hpp"
#include "os/files.hpp"
#include "os/fs_ops.hpp"
#include "runtime/diag.hpp"

namespace squashrun::runtime {
namespace {

int64_t nanoseconds(const timespec& t) {
    return static_cast<int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

}  // namespace

core::Result<core::FileIdentity> identity_of(const AppImageFile& image) {
    struct stat st {};
    if (::fstat(image.fd, &st) != 0) return core::make_error(image.path + ": " + errno_text());
    return core::FileIdentity{static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino),
                              static_cast<uint64_t>(st.st_size), nanoseconds(st.st_mtim),
                              nanoseconds(st.st_ctim)};
}

// The content hash, made distinct for each way the content is vouched for (a hash again, so
// the cache's entry names keep their form).
std::string tagged(const std::string& hash, const std::string& tag) {
    if (tag.empty()) return hash;
    std::string text = hash + " " + tag;
    core::MemorySource source(std::as_bytes(std::span(text.data(), text.size())));
    return core::hash_range_hex(source, 0, text.size()).value();
}

core::Result<PayloadKey> payload_key(const AppImageFile& image, const std::string& records_dir) {
    auto current = identity_of(image);
    if (!current) return current.error();
    const core::FileIdentity& identity = *current;
    uint64_t offset = image.layout.payload_offset;
    std::string record_path = records_dir + "/" + core::identity_file_name(identity);
    auto recorded = os::read_file(record_path, 4096, false);
    if (auto known = core::parse_identity_record(recorded ? *recorded : "");
        known && core::record_applies(*known, identity, offset)) {
        print_debug("payload hash known for this file: " + known->hash);
        return PayloadKey{tagged(known->hash, image.trust_tag), identity};
    }

    timespec now{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    if (identity.size < offset) return core::make_error(image.path + ": shorter than its runtime");
    auto hash = core::hash_range_hex(core::FileSource(image.fd, identity.size), offset,
                                     identity.size - offset);
    if (!hash) return core::make_error(image.path + ": cannot hash the payload: " + hash.message());
    print_debug("payload hashed: " + *hash);
    core::IdentityRecord record{identity, offset, nanoseconds(now), *hash};
    if (::mkdir(records_dir.c_str(), 0700) == 0 || errno == EEXIST) {
        if (!os::replace_file(record_path, core::format_identity_record(record))) {
            print_debug("cannot remember the payload hash in " + record_path);
        }
    }
    return PayloadKey{tagged(*hash, image.trust_tag), identity};
}

}  // namespace squashrun::runtime
