// Mounting a FUSE connection directly (root) or through fusermount3/fusermount.
#include "runtime/mount/fuse_mount.hpp"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "core/format/mountinfo.hpp"
#include "runtime/diag.hpp"
#include "runtime/mount/fuse_helper.hpp"

namespace squashrun::runtime {
namespace {

const std::string kSource = "squashrun";

// mount(2) needs CAP_SYS_ADMIN; `denied` tells the caller to try the helper instead.
core::Result<int> direct_mount(const std::string& mount_point, bool* denied) {
    int fd = ::open("/dev/fuse", O_RDWR | O_CLOEXEC);
    if (fd < 0) return core::make_error("/dev/fuse: " + errno_text());
    std::string data = "fd=" + std::to_string(fd) +
                       ",rootmode=40000,user_id=" + std::to_string(::getuid()) +
                       ",group_id=" + std::to_string(::getgid());
    std::string type = "fuse." + std::string(core::kMountSubtype);
    if (::mount(kSource.c_str(), mount_point.c_str(), type.c_str(),
                MS_RDONLY | MS_NOSUID | MS_NODEV, data.c_str()) != 0) {
        *denied = errno == EPERM;
        std::string why = "mount: " + errno_text();
        ::close(fd);
        return core::make_error(why);
    }
    return fd;
}

}  // namespace

core::Result<FuseMount> fuse_mount(const std::string& mount_point, const HelperSearch& search) {
    std::string direct_error;
    if (::geteuid() == 0) {
        bool denied = false;
        auto fd = direct_mount(mount_point, &denied);
        if (fd) return FuseMount{*fd, mount_point, "", {}};
        if (!denied) return fd.error();
        direct_error = fd.message() + "; ";
    } else if (::access("/dev/fuse", F_OK) != 0) {
        return core::make_error("/dev/fuse: " + errno_text());
    }
    auto helper = find_fuse_helper(search);
    if (!helper) return core::make_error(direct_error + helper.message());
    std::string options =
        "ro,nosuid,nodev,fsname=" + kSource + ",subtype=" + std::string(core::kMountSubtype);
    auto fd = helper_mount(*helper, search.environment, mount_point, options);
    if (!fd) return core::make_error(direct_error + fd.message());
    return FuseMount{*fd, mount_point, *helper, search.environment};
}

core::Status fuse_unmount(const FuseMount& mount) {
    if (mount.helper.empty()) {
        if (::umount2(mount.mount_point.c_str(), MNT_DETACH) != 0) {
            return core::make_error("umount " + mount.mount_point + ": " + errno_text());
        }
        return {};
    }
    return helper_unmount(mount.helper, mount.helper_environment, mount.mount_point);
}

}  // namespace squashrun::runtime
