// The FUSE requests the mount server answers, from a ServedImage. Everything is cached by
// the kernel for as long as the mount lives (the image never changes): entries, attributes,
// names that do not exist, symlinks, file pages and directory listings. open and opendir,
// and xattr requests on an image without xattrs, are declined once so the kernel stops
// sending them.
#pragma once

#include <atomic>

#include "runtime/mount/prefetch.hpp"
#include "runtime/mount/serve_options.hpp"

struct fuse_session;

namespace squashrun::runtime {

class ServedImage;

// What the handlers share: the image, and what the kernel said it supports (set while the
// INIT request is answered, before any other request).
struct RequestContext {
    RequestContext(ServedImage& served, const ServeOptions& serve)
        : image(served), options(serve) {}
    ServedImage& image;
    ServeOptions options;
    std::atomic<bool> no_open{false};      // declining open makes the kernel stop sending it
    std::atomic<bool> no_opendir{false};   // the same for opendir
    ReadRecorder* recorder = nullptr;      // notes each read when set
    std::atomic<bool> initialized{false};  // INIT answered: the kernel takes notifications
};

// A new FUSE session whose requests are answered from `context`, which must outlive it. Not
// mounted yet; nullptr when libfuse cannot create one.
fuse_session* new_image_session(RequestContext& context);

}  // namespace squashrun::runtime
