// The FUSE requests the mount server answers, from a ServedImage. Everything is cached by
// the kernel for as long as the mount lives (the image never changes): entries, attributes,
// names that do not exist, symlinks, file pages and directory listings. open and opendir,
// and xattr requests on an image without xattrs, are declined once so the kernel stops
// sending them.
#pragma once

struct fuse_session;

namespace squashrun::runtime {

class ServedImage;

// A new FUSE session whose requests are answered from `image`, which must outlive it. Not
// mounted yet; nullptr when libfuse cannot create one.
fuse_session* new_image_session(ServedImage& image);

}  // namespace squashrun::runtime
