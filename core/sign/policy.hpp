// Which AppImages may run, from their signature, SQUASHRUN_VERIFY, the trusted keys and what
// was seen before. Pure: the runtime reads the files and the state, this decides.
//
// Trusted keys files (/etc/squashrun/trusted-keys, ${XDG_CONFIG_HOME:-~/.config}/squashrun/
// trusted-keys): one minisign public key a line (its base64 line, as in a .pub file), then
// optionally whitespace and an app identity the key is limited to. Blank lines, `#` comments
// and minisign's "untrusted comment:" lines are skipped, so a .pub file can be appended as
// it is.
//
// First use: the first signed launch of an app identity records the key it was signed with;
// later, a file of that identity that is unsigned, or signed with another key, is refused.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/sign/minisign.hpp"

namespace squashrun::core {

enum class VerifyPolicy { off, automatic, require };

struct TrustedKey {
    PublicKey key;
    std::string identity;  // "" for any app
};

// The keys of one trusted keys file; errors name the line ("line 3: ...").
Result<std::vector<TrustedKey>> parse_trusted_keys(std::string_view text);

struct TrustQuestion {
    VerifyPolicy policy = VerifyPolicy::automatic;
    std::string identity;             // the app's (its desktop file's name); "" when unknown
    std::optional<PublicKey> signer;  // the key that signed the file (its signature holds)
    std::optional<PublicKey> pinned;  // the key first seen for `identity`
    std::vector<TrustedKey> trusted;  // from the trusted keys files
    std::string subject;              // what `pinned` was recorded for, in messages ("": the app)
};

struct TrustAnswer {
    bool run = false;
    bool pin = false;     // record `signer` (for `identity`, or `subject`)
    std::string message;  // why it is refused, or a report to show while running
};

TrustAnswer decide_trust(const TrustQuestion& question);

}  // namespace squashrun::core
