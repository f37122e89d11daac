// A signed AppImage's payload as every reader sees it (the seam of DESIGN.md §4): a chunk is
// read whole into memory, hashed, compared with the signed chunk table, and only then are
// bytes served from that copy, so nothing is read twice from the file between the check and
// the use. Checked chunks stay in a bounded cache; one read again after eviction is checked
// again. A chunk that does not match, or whose page of the chunk table does not, fails the
// read (squashfuse turns that into EIO) and is reported once, on stderr and to syslog.
//
// Checking ahead: when a reader needs a chunk that was not checked yet, the next few are
// checked on a thread of the process's own (more of them while the reader goes on in
// order), so a reader going through the payload finds them ready and the hashing runs on
// another core. A reader that needs a chunk another thread is checking waits for that check
// instead of repeating it, and meanwhile checks a queued one itself.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/format/byte_source.hpp"
#include "core/sign/header.hpp"
#include "runtime/image/chunk_table.hpp"

namespace squashrun::runtime {

class VerifiedSource final : public core::ByteSource {
  public:
    // How many checked chunks are kept (64 KiB chunks: 4 MiB), and how many are checked ahead
    // of a miss: the fewest, and the most for a reader that goes through the payload in order.
    static constexpr size_t kCachedChunks = 64;
    static constexpr size_t kFewestAhead = 3;
    static constexpr size_t kMostAhead = 16;

    // `table`: what the start checked of the chunk table (the rest is checked as it is
    // needed). `name` (the AppImage's path) and `program` prefix the report of a failed chunk.
    VerifiedSource(std::shared_ptr<const core::ByteSource> file, const core::SignedHeader& header,
                   CheckedTable table, std::string name, std::string program);
    ~VerifiedSource() override;

    // Whether a miss queues chunks for the check-ahead thread (on unless turned off). Off,
    // no thread is started: a process that forks after reading (the mount server's parent)
    // leaves no lock held by another thread, and the child starts its own.
    void set_checking_ahead(bool on);

    uint64_t size() const override;
    // Only bytes of the signed payload can be read.
    core::Status read_exact(uint64_t offset, std::span<std::byte> out) const override;

    struct State;

  private:
    // Shared with the check-ahead thread, which may outlive this object by one chunk's check.
    std::shared_ptr<State> state_;
};

}  // namespace squashrun::runtime
