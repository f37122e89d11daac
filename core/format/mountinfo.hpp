// Parsing /proc/self/mountinfo lines into mount point, filesystem type and source.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace squashrun::core {

struct MountEntry {
    std::string mount_point;  // octal escapes (\040 ...) decoded
    std::string fs_type;
    std::string source;
    std::string super_options;
};

// Lines that do not have the mountinfo shape are skipped.
std::vector<MountEntry> parse_mountinfo(std::string_view text);

// The filesystem type our runtime gives its FUSE mounts ("fuse." + subtype).
inline constexpr std::string_view kMountSubtype = "squashrun";
inline constexpr std::string_view kMountFsType = "fuse.squashrun";

}  // namespace squashrun::core
