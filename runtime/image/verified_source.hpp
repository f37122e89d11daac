// A signed AppImage's payload as every reader sees it (the seam of DESIGN.md §4): a chunk is
// read whole into memory, hashed, compared with the signed chunk table, and only then are
// bytes served from that copy, so nothing is read twice from the file between the check and
// the use. Checked chunks stay in a bounded cache; one read again after eviction is checked
// again. A chunk that does not match fails the read (squashfuse turns that into EIO) and is
// reported once, on stderr and to syslog.
#pragma once

#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/format/byte_source.hpp"
#include "core/sign/header.hpp"

namespace squashrun::runtime {

class VerifiedSource final : public core::ByteSource {
  public:
    // How many checked chunks are kept (64 KiB chunks: 4 MiB).
    static constexpr size_t kCachedChunks = 64;

    // `table`: the chunk hashes, already checked against the header's table hash. `name`
    // (the AppImage's path) and `program` prefix the report of a failed chunk.
    VerifiedSource(std::shared_ptr<const core::ByteSource> file, const core::SignedHeader& header,
                   std::vector<std::byte> table, std::string name, std::string program);

    uint64_t size() const override { return file_->size(); }
    // Only bytes of the signed payload can be read.
    core::Status read_exact(uint64_t offset, std::span<std::byte> out) const override;

  private:
    using Chunk = std::shared_ptr<const std::vector<std::byte>>;
    core::Result<Chunk> checked_chunk(uint64_t index) const;
    void report(uint64_t index) const;

    std::shared_ptr<const core::ByteSource> file_;
    uint64_t payload_offset_;
    uint64_t payload_length_;
    uint32_t chunk_size_;
    std::vector<std::byte> table_;
    std::string name_;
    std::string program_;

    mutable std::mutex lock_;
    mutable std::list<uint64_t> recent_;  // most recently used first
    mutable std::unordered_map<uint64_t, std::pair<Chunk, std::list<uint64_t>::iterator>> cache_;
    mutable std::vector<bool> reported_;
};

}  // namespace squashrun::runtime
