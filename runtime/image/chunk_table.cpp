// The chunk table's index check, and its pages checked when first needed.
#include "runtime/image/chunk_table.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "core/sign/chunks.hpp"

namespace squashrun::runtime {
namespace {

bool page_matches(std::span<const std::byte> index, uint64_t page,
                  std::span<const std::byte> bytes) {
    core::Hash256 hash = core::hash256(bytes);
    return std::memcmp(hash.data(), index.data() + page * core::kChunkHashBytes, hash.size()) == 0;
}

std::string page_mismatch(uint64_t page, uint64_t chunk_count) {
    uint64_t first = page * core::kHashesPerTablePage;
    uint64_t last = std::min(first + core::kHashesPerTablePage, chunk_count) - 1;
    return "the chunk table does not match its signature (page " + std::to_string(page) +
           ", chunks " + std::to_string(first) + "-" + std::to_string(last) + ")";
}

}  // namespace

core::Result<CheckedTable> read_checked_table(const core::ByteSource& file,
                                              const core::SignedHeader& h, bool whole) {
    CheckedTable checked;
    auto index = file.read_vector(core::index_offset(h), core::index_bytes(h));
    if (!index) return index.error();
    if (core::hash256(*index) != h.index_hash) {
        return core::make_error("the chunk table does not match its signature (its index)");
    }
    checked.index = std::move(*index);
    if (!whole) return checked;
    auto table = file.read_vector(h.table_offset, core::table_bytes(h));
    if (!table) return table.error();
    std::vector<std::byte> index_of_table = core::table_index(*table);
    for (uint64_t page = 0; page < core::table_page_count(h); ++page) {
        size_t at = static_cast<size_t>(page * core::kChunkHashBytes);
        if (std::memcmp(index_of_table.data() + at, checked.index.data() + at,
                        core::kChunkHashBytes) != 0) {
            return core::make_error(page_mismatch(page, h.chunk_count));
        }
    }
    checked.table = std::move(*table);
    return checked;
}

ChunkTable::ChunkTable(std::shared_ptr<const core::ByteSource> file, const core::SignedHeader& h,
                       CheckedTable checked)
    : file_(std::move(file)),
      table_offset_(h.table_offset),
      table_bytes_(core::table_bytes(h)),
      chunk_count_(h.chunk_count),
      checked_(std::move(checked)) {
    if (checked_.table.empty()) {
        // Not zero-filled: only the pages read are touched (a 1 GiB payload's table is 512 KiB).
        pages_.reset(new std::byte[table_bytes_]);
        loaded_.assign(core::table_page_count(h), false);
    }
}

core::Result<ChunkTable::Lookup> ChunkTable::hash_of(uint64_t chunk) {
    Lookup found;
    size_t at = static_cast<size_t>(chunk * core::kChunkHashBytes);
    if (!checked_.table.empty()) {
        std::memcpy(found.hash.data(), checked_.table.data() + at, found.hash.size());
        return found;
    }
    uint64_t page = chunk / core::kHashesPerTablePage;
    std::lock_guard<std::mutex> guard(lock_);
    if (!loaded_[page]) {
        uint64_t start = page * core::kTablePageBytes;
        std::span<std::byte> bytes(pages_.get() + start,
                                   std::min<uint64_t>(core::kTablePageBytes, table_bytes_ - start));
        if (auto st = file_->read_exact(table_offset_ + start, bytes); !st) {
            return st.error();
        }
        if (!page_matches(checked_.index, page, bytes)) {
            found.mismatch = page_mismatch(page, chunk_count_);
            return found;
        }
        loaded_[page] = true;
    }
    std::memcpy(found.hash.data(), pages_.get() + at, found.hash.size());
    return found;
}

}  // namespace squashrun::runtime
