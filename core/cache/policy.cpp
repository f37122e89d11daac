// Identity records (one text line) and the eviction choice of the extraction cache.
#include "core/cache/policy.hpp"

#include <algorithm>
#include <charconv>

#include "core/cache/content_hash.hpp"

namespace squashrun::core {
namespace {
constexpr std::string_view kRecordTag = "squashrun-identity-v1";

// Splits on single spaces; fields may not be empty.
std::vector<std::string_view> fields_of(std::string_view line) {
    std::vector<std::string_view> fields;
    size_t start = 0;
    while (start <= line.size()) {
        size_t end = line.find(' ', start);
        if (end == std::string_view::npos) end = line.size();
        fields.push_back(line.substr(start, end - start));
        start = end + 1;
    }
    return fields;
}

template <class Int>
bool parse_number(std::string_view text, Int& out) {
    if (text.empty()) return false;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size();
}
}  // namespace

std::string format_identity_record(const IdentityRecord& r) {
    const FileIdentity& id = r.identity;
    // Times keep their sign (a file may date from before 1970), so that the line reads back.
    std::string line(kRecordTag);
    auto add = [&line](auto number) {
        line += ' ';
        line += std::to_string(number);
    };
    add(id.device);
    add(id.inode);
    add(id.size);
    add(id.mtime_ns);
    add(id.ctime_ns);
    add(r.payload_offset);
    add(r.hashed_at_ns);
    return line + ' ' + r.hash + '\n';
}

std::optional<IdentityRecord> parse_identity_record(std::string_view text) {
    if (!text.ends_with('\n')) return std::nullopt;
    text.remove_suffix(1);
    auto f = fields_of(text);
    if (f.size() != 9 || f[0] != kRecordTag || !is_hash_hex(f[8])) return std::nullopt;
    IdentityRecord r;
    FileIdentity& id = r.identity;
    if (!parse_number(f[1], id.device) || !parse_number(f[2], id.inode) ||
        !parse_number(f[3], id.size) || !parse_number(f[4], id.mtime_ns) ||
        !parse_number(f[5], id.ctime_ns) || !parse_number(f[6], r.payload_offset) ||
        !parse_number(f[7], r.hashed_at_ns)) {
        return std::nullopt;
    }
    r.hash = std::string(f[8]);
    return r;
}

bool record_applies(const IdentityRecord& record, const FileIdentity& current,
                    uint64_t payload_offset) {
    int64_t last_change = std::max(current.mtime_ns, current.ctime_ns);
    return record.identity == current && record.payload_offset == payload_offset &&
           record.hashed_at_ns - last_change >= kRacyWindowNs;
}

std::string identity_file_name(const FileIdentity& identity) {
    return std::to_string(identity.device) + "-" + std::to_string(identity.inode);
}

std::string shared_mount_name(const FileIdentity& identity, std::string_view trust_tag) {
    std::string text = std::to_string(identity.device) + " " + std::to_string(identity.inode) +
                       " " + std::to_string(identity.size) + " " +
                       std::to_string(identity.mtime_ns) + " " + std::to_string(identity.ctime_ns);
    if (!trust_tag.empty()) text += " " + std::string(trust_tag);
    MemorySource source({reinterpret_cast<const std::byte*>(text.data()), text.size()});
    // Reading from memory within its size cannot fail.
    return hash_range_hex(source, 0, text.size()).value();
}

std::vector<std::string> choose_evictions(std::vector<CacheEntryInfo> entries, int64_t now_ns,
                                          const EvictionPolicy& policy, std::string_view keep) {
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        return a.last_used_ns != b.last_used_ns ? a.last_used_ns < b.last_used_ns : a.name < b.name;
    });
    uint64_t total = 0;
    for (const auto& e : entries)
        total += e.bytes;
    std::vector<std::string> chosen;
    for (const auto& e : entries) {
        if (e.name == keep) continue;
        bool too_old = now_ns - e.last_used_ns > policy.max_unused_ns;
        if (too_old || total > policy.max_total_bytes) {
            chosen.push_back(e.name);
            total -= e.bytes;
        }
    }
    return chosen;
}

}  // namespace squashrun::core
