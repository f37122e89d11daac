// A signed payload's chunk table (format version 2) as the chunk checks read it. The launch
// checks the table's index against the signed header before anything is mounted; a table of
// at most kWholeTableAtStart bytes (payloads up to 128 MiB in 64 KiB chunks) is checked whole
// then too. A larger one is checked a page at a time (4 KiB, the hashes of 128 chunks): the
// first time a chunk the page covers is needed, the page is read into memory, compared with
// the index and kept, and never read from the file again.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/format/byte_source.hpp"
#include "core/result.hpp"
#include "core/sign/header.hpp"

namespace squashrun::runtime {

inline constexpr uint64_t kWholeTableAtStart = uint64_t{64} * 1024;

// What the start checked of the table.
struct CheckedTable {
    std::vector<std::byte> index;  // matches the header's index hash
    std::vector<std::byte> table;  // the whole table, each page checked; empty when lazy
};

// Reads the index of the table `h` describes and checks it against h.index_hash; with
// `whole`, reads the whole table too and checks every page. `h`'s layout must have been
// checked against the file. Errors say what did not match.
core::Result<CheckedTable> read_checked_table(const core::ByteSource& file,
                                              const core::SignedHeader& h, bool whole);

// The hashes of a VerifiedSource's chunks: from the table checked at the start, or from the
// pages read and checked so far.
class ChunkTable {
  public:
    ChunkTable(std::shared_ptr<const core::ByteSource> file, const core::SignedHeader& h,
               CheckedTable checked);

    struct Lookup {
        core::Hash256 hash{};  // the signed hash of the chunk
        std::string mismatch;  // or, when not empty, which page of the table does not match
    };
    // The signed hash of chunk `chunk` (< the chunk count); an error when the table's page
    // cannot be read. Thread-safe.
    core::Result<Lookup> hash_of(uint64_t chunk);

  private:
    std::shared_ptr<const core::ByteSource> file_;
    uint64_t table_offset_;
    uint64_t table_bytes_;
    uint64_t chunk_count_;
    CheckedTable checked_;
    std::mutex lock_;
    std::unique_ptr<std::byte[]> pages_;  // the pages read so far, at their places
    std::vector<bool> loaded_;
};

}  // namespace squashrun::runtime
