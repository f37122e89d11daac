// The serving loop: answers FUSE requests until the lifetime says stop or the connection ends.
#pragma once

#include <cstddef>

struct fuse_session;

namespace squashrun::runtime {

class ServerLifetime;

// Serves `session` on its connection `fuse_fd` with `threads` threads (the calling one
// included) until `lifetime.should_stop()`, or the file system is unmounted from outside.
// Returns after every thread has finished its request.
void serve_requests(fuse_session* session, int fuse_fd, ServerLifetime& lifetime, size_t threads);

// Serves `session` on the calling thread until `done_fd` is readable or the connection ends.
void serve_until(fuse_session* session, int fuse_fd, int done_fd);

}  // namespace squashrun::runtime
