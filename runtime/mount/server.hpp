// The FUSE server process: serves the squashfs payload until its lifetime says to stop.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/format/byte_source.hpp"
#include "runtime/mount/fuse_helper.hpp"

namespace squashrun::runtime {

struct ServerConfig {
    std::shared_ptr<const core::ByteSource> source;  // the AppImage file
    uint64_t payload_offset = 0;
    std::string mount_point;
    int ready_fd = -1;      // write end: "k" once mounted, or an error text; closed at exit
    int keepalive_fd = -1;  // read end: hangs up when every holder of the write end is gone
    HelperSearch helper;    // how to find fusermount when not root
};

// Mounts, reports readiness, serves, then unmounts and removes the mount point. Never returns.
[[noreturn]] void run_mount_server(const ServerConfig& config);

}  // namespace squashrun::runtime
