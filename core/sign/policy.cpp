// The trust decision and the trusted keys file format.
#include "core/sign/policy.hpp"

#include <algorithm>

namespace squashrun::core {
namespace {

bool same_key(const PublicKey& a, const PublicKey& b) {
    return a.key_id == b.key_id && a.key == b.key;
}

bool listed(const TrustQuestion& q) {
    return std::any_of(q.trusted.begin(), q.trusted.end(), [&](const TrustedKey& t) {
        return same_key(t.key, *q.signer) && (t.identity.empty() || t.identity == q.identity);
    });
}

std::string_view strip(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

}  // namespace

Result<std::vector<TrustedKey>> parse_trusted_keys(std::string_view text) {
    std::vector<TrustedKey> keys;
    size_t number = 0;
    while (!text.empty()) {
        size_t end = text.find('\n');
        std::string_view line = strip(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        ++number;
        if (line.empty() || line.starts_with('#') || line.starts_with("untrusted comment:")) {
            continue;
        }
        size_t space = line.find_first_of(" \t");
        std::string_view key_text = line.substr(0, space);
        std::string_view identity =
            space == std::string_view::npos ? std::string_view() : strip(line.substr(space));
        auto key = parse_public_key(key_text);
        if (!key) return make_error("line " + std::to_string(number) + ": " + key.message());
        keys.push_back({*key, std::string(identity)});
    }
    return keys;
}

TrustAnswer decide_trust(const TrustQuestion& q) {
    TrustAnswer a;
    if (q.policy == VerifyPolicy::off) {
        a.run = true;
        return a;
    }
    std::string app = !q.subject.empty()   ? q.subject
                      : q.identity.empty() ? "this app"
                                           : "'" + q.identity + "'";
    if (!q.signer) {
        if (q.policy == VerifyPolicy::require) {
            a.message = "not signed, and SQUASHRUN_VERIFY=require refuses it";
        } else if (q.pinned) {
            a.message = "not signed, but " + app + " was signed by key " +
                        key_id_text(q.pinned->key_id) +
                        " before; refusing it (someone may have stripped the signature)";
        } else {
            a.run = true;
        }
        return a;
    }
    std::string signer = key_id_text(q.signer->key_id);
    if (q.policy == VerifyPolicy::require) {
        if (!listed(q)) {
            a.message = "signed by key " + signer + ", which is not a trusted key for " + app +
                        " (SQUASHRUN_VERIFY=require)";
            return a;
        }
        a.run = true;
        a.pin = !q.pinned && (!q.identity.empty() || !q.subject.empty());
        return a;
    }
    if (q.pinned && !same_key(*q.pinned, *q.signer)) {
        if (listed(q)) {  // a trusted key overrides what was first seen
            a.run = true;
            a.pin = true;
            return a;
        }
        a.message = "signed by key " + signer + ", but " + app + " was signed by key " +
                    key_id_text(q.pinned->key_id) + " before; refusing it";
        return a;
    }
    a.run = true;
    a.pin = !q.pinned && (!q.identity.empty() || !q.subject.empty());
    if (!q.trusted.empty() && !listed(q)) {
        a.message = "signed by key " + signer + ", which is not among the trusted keys";
    }
    return a;
}

}  // namespace squashrun::core
