// Starting the mount server for an AppImage and owning the mount's lifetime from the caller.
#pragma once

#include <string>

#include "core/result.hpp"
#include "runtime/image/appimage.hpp"
#include "runtime/settings.hpp"

namespace squashrun::runtime {

// A mounted payload as seen by the launching process.
struct MountedPayload {
    std::string mount_point;
    // Write end of the keepalive pipe: the mount lives while any process holds it open.
    // Inherited by AppRun and everything it starts.
    int keepalive_fd = -1;
    // Read end of the server's ready pipe: reaches end-of-file once the server has unmounted.
    int done_fd = -1;
};

// Creates a private mount point under $TMPDIR (or /tmp) and starts a detached server that
// mounts the payload there. Returns once the mount is ready.
core::Result<MountedPayload> mount_payload(const AppImageFile& image, const Settings& settings);

// Gives up this process's hold on the mount and waits until the server has unmounted it.
void release_and_wait(MountedPayload& mount);

}  // namespace squashrun::runtime
