// The FUSE low-level operations the server answers with: squashfuse's, in our own table,
// which is where caching and request changes go.
#pragma once

struct fuse_session;
struct sqfs_ll;

namespace squashrun::runtime {

// A new FUSE session whose requests are answered from the image `ll` reads; nullptr when
// libfuse cannot create one. Not mounted yet.
fuse_session* new_squashfs_session(sqfs_ll* ll);

}  // namespace squashrun::runtime
