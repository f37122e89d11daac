// The FUSE server process: serves the squashfs payload until its lifetime says to stop.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/format/byte_source.hpp"
#include "runtime/mount/fuse_helper.hpp"
#include "runtime/mount/serve_options.hpp"

namespace squashrun::runtime {

struct ServerConfig {
    std::shared_ptr<const core::ByteSource> source;  // the AppImage file
    uint64_t payload_offset = 0;
    std::string mount_point;
    int ready_fd = -1;    // write end: "k" once mounted, or an error text; closed at exit
    HelperSearch helper;  // how to find fusermount when not root
    ServeOptions serve;
    // A private mount: the read end of the keepalive pipe, which hangs up when every holder
    // of the write end is gone.
    int keepalive_fd = -1;
    // A shared mount (when listen_fd >= 0): the bound, listening socket launches connect to,
    // its path and the mount's lock file, and how long to stay after the last client.
    int listen_fd = -1;
    std::string socket_path;
    std::string lock_path;
    int64_t grace_ms = 0;
    // Where the reads of the mount's first launch are recorded, or replayed from when a
    // recording exists (prefetch.hpp); "" for neither.
    std::string reads_path;
};

// Mounts, reports readiness, serves, then unmounts and removes the mount point. Never returns.
[[noreturn]] void run_mount_server(const ServerConfig& config);

}  // namespace squashrun::runtime
