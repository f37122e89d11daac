// Starting the mount server: a double fork, so it is nobody's child, then its first word.
#pragma once

#include <span>

#include "core/result.hpp"
#include "os/unique_fd.hpp"
#include "runtime/mount/server.hpp"

namespace squashrun::runtime {

// Starts a detached server with `config` (its ready_fd is filled in here) and waits until it
// has mounted. Returns the read end of its ready pipe, which reaches end-of-file once the
// server has unmounted and exited; on failure, the server's own reason. `close_in_server`
// are the caller's descriptors the server must not keep (its side of a pipe, a held lock).
core::Result<os::UniqueFd> start_server(ServerConfig config, std::span<const int> close_in_server);

}  // namespace squashrun::runtime
