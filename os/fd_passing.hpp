// Receiving a descriptor another process passed over a Unix socket (SCM_RIGHTS), as the
// fusermount helpers do.
#pragma once

#include "core/result.hpp"
#include "os/unique_fd.hpp"

namespace squashrun::os {

// The one descriptor waiting on `socket` (close-on-exec), without waiting for it to come:
// the sender has already sent or given up. Anything but exactly one descriptor is an error,
// and every descriptor received with it is closed.
core::Result<UniqueFd> receive_descriptor(int socket);

}  // namespace squashrun::os
