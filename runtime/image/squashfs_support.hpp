// What the linked squashfs reader can decompress.
#pragma once

#include <cstdint>

namespace squashrun::runtime {

// True when squashfuse was built with a decompressor for squashfs compression `id`.
bool can_decompress(uint16_t id);

}  // namespace squashrun::runtime
