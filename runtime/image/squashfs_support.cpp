// Asks squashfuse itself which compressions it was built with.
#include "runtime/image/squashfs_support.hpp"

extern "C" {
#include <squashfuse/squashfuse.h>
}

namespace squashrun::runtime {

bool can_decompress(uint16_t id) {
    return sqfs_decompressor_get(static_cast<sqfs_compression_type>(id)) != nullptr;
}

}  // namespace squashrun::runtime
