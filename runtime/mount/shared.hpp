// Shared mounts: launches of the same AppImage file by the same user use one mount, kept by
// one server that counts the launches holding it (see ClientLifetime).
#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "os/unique_fd.hpp"
#include "runtime/image/appimage.hpp"
#include "runtime/settings.hpp"

namespace squashrun::runtime {

struct SharedMount {
    std::string mount_point;
    os::UniqueFd connection;  // this launch's hold: AppRun and its children inherit it
};

// Joins the running server of `image`'s mount in `dir` (find_mount_dir), or, when there is
// none (or only a dead mount), mounts it and starts one. Under the mount's lock, so
// simultaneous first launches mount once. The mount is named by the file's identity: a
// changed file gets a new one, and the apps of the old one keep theirs. nullopt when a server
// is there but does not answer (stopped by a signal, or hung): its mount is left alone, as
// anything that touched it would wait for that server too.
core::Result<std::optional<SharedMount>> join_shared_mount(const AppImageFile& image,
                                                           const std::string& dir,
                                                           const Settings& settings);

}  // namespace squashrun::runtime
