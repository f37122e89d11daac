// Settings from argv and environ: the only place the runtime reads its environment.
#include "runtime/settings.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>

#include "os/executable.hpp"
#include "os/temp_root.hpp"

namespace squashrun::runtime {
namespace {

constexpr uint64_t kMaxMiB = uint64_t{1} << 40;  // far beyond any disk, and no overflow

// A variable that is set to something other than "" or "0".
bool is_on(const std::string& value) {
    return !value.empty() && value != "0";
}

// Seconds as written ("2", "0.5"); anything else, or negative, keeps the default.
int64_t grace_ms(std::string_view text) {
    double seconds = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
        !(seconds >= 0)) {
        return kDefaultMountGraceMs;
    }
    return seconds * 1000 >= static_cast<double>(kMaxMountGraceMs)
               ? kMaxMountGraceMs
               : static_cast<int64_t>(std::llround(seconds * 1000));
}

uint64_t cache_limit_bytes(std::string_view text) {
    uint64_t mib = kCacheDefaultMaxMiB;
    uint64_t parsed = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
    if (!text.empty() && error == std::errc() && end == text.data() + text.size()) {
        mib = std::min(parsed, kMaxMiB);
    }
    return mib << 20;
}

}  // namespace

const std::string& Settings::first_arg() const {
    static const std::string none;
    return args.size() > 1 ? args[1] : none;
}

Settings read_settings(int argc, const char* const* argv, const char* const* envp) {
    Settings settings;
    for (int i = 0; i < argc && argv[i] != nullptr; ++i)
        settings.args.emplace_back(argv[i]);
    settings.program_name = "squashrun";
    if (!settings.args.empty() && !settings.args[0].empty()) {
        const std::string& argv0 = settings.args[0];
        settings.program_name = argv0.substr(argv0.rfind('/') + 1);
    }
    std::string tmpdir, max_mb, grace;
    bool grace_set = false;
    bool path_set = false;
    for (const char* const* e = envp; e != nullptr && *e != nullptr; ++e) {
        std::string_view entry(*e);
        settings.environment.emplace_back(entry);
        size_t eq = entry.find('=');
        if (eq == std::string_view::npos) continue;
        std::string_view name = entry.substr(0, eq);
        std::string value(entry.substr(eq + 1));
        if (name == "TARGET_APPIMAGE") settings.target_appimage = value;
        if (name == "TMPDIR") tmpdir = value;
        if (name == "FUSERMOUNT_PROG") settings.fusermount_prog = value;
        if (name == "PATH") {
            settings.path = value;
            path_set = true;
        }
        if (name == "SQUASHRUN_CACHE_DIR") settings.cache_dir = value;
        if (name == "XDG_CACHE_HOME") settings.xdg_cache_home = value;
        if (name == "HOME") settings.home = value;
        if (name == "XDG_CONFIG_HOME") settings.xdg_config_home = value;
        if (name == "XDG_STATE_HOME") settings.xdg_state_home = value;
        if (name == "SQUASHRUN_CACHE_MAX_MB") max_mb = value;
        if (name == "SQUASHRUN_MOUNT_GRACE") {
            grace = value;
            grace_set = true;
        }
        if (name == "XDG_RUNTIME_DIR") settings.xdg_runtime_dir = value;
        if (name == "APPIMAGE_EXTRACT_AND_RUN") settings.extract_and_run = is_on(value);
        if (name == "NO_CLEANUP") settings.no_cleanup = is_on(value);
        if (name == "SQUASHRUN_DEBUG") settings.debug = is_on(value);
        if (name == "SQUASHRUN_SERVE_OFF") settings.serve = serve_options(value);
        if (name == "SQUASHRUN_VERIFY") settings.verify = value;
    }
    if (!path_set) settings.path = os::kDefaultPath;
    settings.temp_root = os::temp_root(tmpdir);
    settings.cache_max_bytes = cache_limit_bytes(max_mb);
    if (grace_set) settings.mount_grace_ms = grace_ms(grace);
    return settings;
}

}  // namespace squashrun::runtime
