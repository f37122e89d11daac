// The launching process's hold on a mounted payload: a shared mount it joined or started, or
// a private one; while the lease (or a process that inherited its descriptor) lives, the
// mount stays.
#pragma once

#include <string>

#include "core/result.hpp"
#include "os/unique_fd.hpp"
#include "runtime/image/appimage.hpp"
#include "runtime/settings.hpp"

namespace squashrun::runtime {

class MountLease {
  public:
    // The shared mount of this file (settings.mount_grace_ms > 0 and a private directory for
    // it), else a private one. Returns once the mount is ready.
    static core::Result<MountLease> acquire(const AppImageFile& image, const Settings& settings);
    // Creates a private mount point under the settings' temporary root and starts a detached
    // server that mounts the payload there, for this launch alone.
    static core::Result<MountLease> acquire_private(const AppImageFile& image,
                                                    const Settings& settings);

    MountLease(MountLease&&) noexcept = default;
    MountLease& operator=(MountLease&&) noexcept = default;
    // Gives up the hold without waiting (AppRun and its children may still hold it).
    ~MountLease() = default;

    const std::string& mount_point() const { return mount_point_; }
    // The descriptor that keeps the mount: AppRun inherits it, and so does everything it
    // starts. Close-on-exec until the launch clears that flag.
    int hold_fd() const { return hold_.get(); }
    // Gives up this process's hold and, for a private mount, waits until the server has
    // unmounted.
    void release_and_wait();

  private:
    MountLease(std::string mount_point, os::UniqueFd hold, os::UniqueFd done)
        : mount_point_(std::move(mount_point)), hold_(std::move(hold)), done_(std::move(done)) {}
    std::string mount_point_;
    // Private: the write end of the keepalive pipe, whose read end the server watches.
    // Shared: the connection to the server, which counts it.
    os::UniqueFd hold_;
    os::UniqueFd done_;  // private: the ready pipe, at end-of-file once the server is gone
};

}  // namespace squashrun::runtime
