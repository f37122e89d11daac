// The launching process's hold on a mounted payload: it starts the mount server, and while
// the lease (or a process that inherited its descriptor) lives, the mount stays.
#pragma once

#include <string>

#include "core/result.hpp"
#include "os/unique_fd.hpp"
#include "runtime/image/appimage.hpp"
#include "runtime/settings.hpp"

namespace squashrun::runtime {

class MountLease {
  public:
    // Creates a private mount point under the settings' temporary root and starts a detached
    // server that mounts the payload there. Returns once the mount is ready.
    static core::Result<MountLease> acquire(const AppImageFile& image, const Settings& settings);

    MountLease(MountLease&&) noexcept = default;
    MountLease& operator=(MountLease&&) noexcept = default;
    // Gives up the hold without waiting (AppRun and its children may still hold it).
    ~MountLease() = default;

    const std::string& mount_point() const { return mount_point_; }
    // The descriptor that keeps the mount: AppRun inherits it, and so does everything it
    // starts. Close-on-exec until the launch clears that flag.
    int hold_fd() const { return hold_.get(); }
    // Gives up this process's hold and waits until the server has unmounted.
    void release_and_wait();

  private:
    MountLease(std::string mount_point, os::UniqueFd hold, os::UniqueFd done)
        : mount_point_(std::move(mount_point)), hold_(std::move(hold)), done_(std::move(done)) {}
    std::string mount_point_;
    os::UniqueFd hold_;  // write end of the keepalive pipe; the server watches the read end
    os::UniqueFd done_;  // read end of the ready pipe: end-of-file once the server is gone
};

}  // namespace squashrun::runtime
