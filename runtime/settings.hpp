// Everything the runtime reads from its command line and environment, read once at the top
// (runtime_main) and passed down: nothing below that level calls getenv.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/mount/serve_options.hpp"

namespace squashrun::runtime {

// How long a shared mount stays after its last user, unless $SQUASHRUN_MOUNT_GRACE says.
inline constexpr int64_t kDefaultMountGraceMs = 5000;
// The longest grace period accepted (a day); longer values are capped.
inline constexpr int64_t kMaxMountGraceMs = 86'400'000;

struct Settings {
    std::vector<std::string> args;  // argv as given; args[0] may be missing (argc == 0)
    std::string program_name;       // prefix of messages: basename of argv[0]
    std::string target_appimage;    // $TARGET_APPIMAGE: run this file instead of ourselves
    std::string temp_root;          // $TMPDIR when absolute, else /tmp
    std::string fusermount_prog;    // $FUSERMOUNT_PROG
    std::string path;               // $PATH, or the default search path when unset
    std::string cache_dir;          // $SQUASHRUN_CACHE_DIR (must be absolute when set)
    std::string xdg_cache_home;     // $XDG_CACHE_HOME
    std::string home;               // $HOME
    std::string xdg_config_home;    // $XDG_CONFIG_HOME (trusted keys)
    std::string xdg_state_home;     // $XDG_STATE_HOME (keys first seen)
    uint64_t cache_max_bytes = 0;   // $SQUASHRUN_CACHE_MAX_MB in bytes (default 2048 MiB)
    // $SQUASHRUN_MOUNT_GRACE (seconds, fractions allowed) in milliseconds: how long a shared
    // mount outlives its last user; 0 gives every launch a private mount.
    int64_t mount_grace_ms = kDefaultMountGraceMs;
    std::string xdg_runtime_dir;   // $XDG_RUNTIME_DIR: where shared mounts go when usable
    bool extract_and_run = false;  // $APPIMAGE_EXTRACT_AND_RUN set, not "" or "0"
    bool no_cleanup = false;       // $NO_CLEANUP likewise: never evict cache entries
    bool debug = false;            // $SQUASHRUN_DEBUG likewise: explain on stderr
    ServeOptions serve;            // $SQUASHRUN_SERVE_OFF: the mount server's measuring knob
    std::string verify = "auto";   // $SQUASHRUN_VERIFY: off, auto (default) or require
    // The whole environment as NAME=value entries, for AppRun's environment.
    std::vector<std::string> environment;

    // The first argument, "" when there is none.
    const std::string& first_arg() const;
};

// Reads `argv` and the NULL-terminated `envp` (as environ). Pure: no other source.
Settings read_settings(int argc, const char* const* argv, const char* const* envp);

// Cache size limit when $SQUASHRUN_CACHE_MAX_MB is unset or not a number.
inline constexpr uint64_t kCacheDefaultMaxMiB = 2048;

}  // namespace squashrun::runtime
