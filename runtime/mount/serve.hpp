// The serving loop: answers FUSE requests until the lifetime says stop or the connection ends.
#pragma once

struct fuse_session;

namespace squashrun::runtime {

class ServerLifetime;

// Serves `session` on its connection `fuse_fd` until `lifetime.should_stop()`, or the file
// system is unmounted from outside.
void serve_requests(fuse_session* session, int fuse_fd, ServerLifetime& lifetime);

}  // namespace squashrun::runtime
