// Mounting and unmounting through the setuid fusermount3/fusermount helper (_FUSE_COMMFD).
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"

namespace squashrun::runtime {

// Where to look for the helper and what it runs with: from the settings.
struct HelperSearch {
    std::string forced;  // $FUSERMOUNT_PROG: a path, or a name looked up on `path`
    std::string path;
    std::vector<std::string> environment;  // the helper's, less any _FUSE_COMMFD
};

// `forced`, else fusermount3 or fusermount in the usual directories, else on `path`.
core::Result<std::string> find_fuse_helper(const HelperSearch& search);

// Runs `helper` to mount `mount_point` with `options`; returns the /dev/fuse descriptor it
// passes back over the socket named by _FUSE_COMMFD.
// `environment` is the helper's (HelperSearch::environment).
core::Result<int> helper_mount(const std::string& helper,
                               const std::vector<std::string>& environment,
                               const std::string& mount_point, const std::string& options);

// Runs `helper -u -q -z mount_point` (lazy unmount).
core::Status helper_unmount(const std::string& helper, const std::vector<std::string>& environment,
                            const std::string& mount_point);

}  // namespace squashrun::runtime
