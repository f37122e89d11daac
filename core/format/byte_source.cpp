// ByteSource implementations: memory spans and pread(2) on a descriptor.
#include "core/format/byte_source.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace squashrun::core {

Result<std::vector<std::byte>> ByteSource::read_vector(uint64_t offset, uint64_t length) const {
    if (!range_inside(offset, length, size())) {
        return make_error("read of " + std::to_string(length) + " bytes at offset " +
                          std::to_string(offset) + " is past the end of the file");
    }
    std::vector<std::byte> bytes(length);
    if (auto status = read_exact(offset, bytes); !status) return status.error();
    return bytes;
}

Status MemorySource::read_exact(uint64_t offset, std::span<std::byte> out) const {
    if (!range_inside(offset, out.size(), bytes_.size())) {
        return make_error("read past the end of the data");
    }
    std::memcpy(out.data(), bytes_.data() + offset, out.size());
    return {};
}

Status FileSource::read_exact(uint64_t offset, std::span<std::byte> out) const {
    if (!range_inside(offset, out.size(), size_)) {
        return make_error("read past the end of the file");
    }
    size_t done = 0;
    while (done < out.size()) {
        ssize_t got =
            ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return make_error(std::string("read error: ") + std::strerror(errno));
        if (got == 0) return make_error("unexpected end of file");
        done += static_cast<size_t>(got);
    }
    return {};
}

}  // namespace squashrun::core
