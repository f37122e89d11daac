// Rules of the extraction cache that need no file system: how a file's identity is
// remembered with its payload hash, and which cache entries to remove.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace squashrun::core {

// What stat(2) says about an AppImage; any change of content changes ctime.
struct FileIdentity {
    uint64_t device = 0;
    uint64_t inode = 0;
    uint64_t size = 0;
    int64_t mtime_ns = 0;
    int64_t ctime_ns = 0;
    bool operator==(const FileIdentity&) const = default;
};

// The payload hash of a file, remembered so unchanged files are not hashed again.
struct IdentityRecord {
    FileIdentity identity;
    uint64_t payload_offset = 0;
    int64_t hashed_at_ns = 0;  // wall clock just before the file was read
    std::string hash;          // 32 hex digits
};

// A file changed within this long before it was hashed may change again without its
// timestamps moving (coarse file system clocks), so such a record is not trusted.
inline constexpr int64_t kRacyWindowNs = 2'000'000'000;

// One line of text, and back; parsing rejects anything malformed.
std::string format_identity_record(const IdentityRecord& record);
std::optional<IdentityRecord> parse_identity_record(std::string_view text);

// The record's hash may stand for the file now described by `current`.
bool record_applies(const IdentityRecord& record, const FileIdentity& current,
                    uint64_t payload_offset);

// The name of the file holding the record for this identity ("<device>-<inode>").
std::string identity_file_name(const FileIdentity& identity);

// The name of the shared mount of the file with this identity: 32 hex digits derived from
// every field, so a changed or replaced file never names the mount of its old content.
// `trust_tag` (how the content is vouched for, see runtime AppImageFile) is part of it.
std::string shared_mount_name(const FileIdentity& identity, std::string_view trust_tag = "");

struct CacheEntryInfo {
    std::string name;
    int64_t last_used_ns = 0;
    uint64_t bytes = 0;
};

struct EvictionPolicy {
    int64_t max_unused_ns = 0;     // entries unused longer than this go
    uint64_t max_total_bytes = 0;  // then the least recently used go until the rest fit
};

// Names to remove, in the order to try them. `keep` (the entry being launched) is never
// chosen, though it counts towards the total.
std::vector<std::string> choose_evictions(std::vector<CacheEntryInfo> entries, int64_t now_ns,
                                          const EvictionPolicy& policy, std::string_view keep);

}  // namespace squashrun::core
