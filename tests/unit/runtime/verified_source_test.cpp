// The checked reads of a signed payload under concurrency: many readers at once get the
// payload's bytes, each chunk is read from the file once while it stays cached, and a chunk
// that does not match fails every read of it and is reported once.
#include "runtime/image/verified_source.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "core/sign/chunks.hpp"
#include "memory_image.hpp"

namespace squashrun::runtime {
namespace {

constexpr uint32_t kChunk = 4096;
constexpr uint64_t kPrefix = 1000;  // the runtime's bytes before the payload
constexpr uint64_t kChunks = 40;    // fewer than the cache keeps

// A file that counts the reads that start at `at`.
class CountedAt final : public core::ByteSource {
  public:
    CountedAt(std::shared_ptr<test::OwnedMemorySource> file, uint64_t at)
        : file_(std::move(file)), at_(at) {}
    uint64_t size() const override { return file_->size(); }
    core::Status read_exact(uint64_t offset, std::span<std::byte> out) const override {
        if (offset == at_) ++count;
        return file_->read_exact(offset, out);
    }
    mutable std::atomic<size_t> count{0};

  private:
    std::shared_ptr<test::OwnedMemorySource> file_;
    uint64_t at_;
};

// A file whose reads take a while, so that readers meet on the chunks being checked.
class SlowSource final : public core::ByteSource {
  public:
    explicit SlowSource(std::shared_ptr<test::OwnedMemorySource> file) : file_(std::move(file)) {}
    uint64_t size() const override { return file_->size(); }
    core::Status read_exact(uint64_t offset, std::span<std::byte> out) const override {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        return file_->read_exact(offset, out);
    }

  private:
    std::shared_ptr<test::OwnedMemorySource> file_;
};

struct Signed {
    std::shared_ptr<test::OwnedMemorySource> file;
    core::SignedHeader header;
    CheckedTable table;
};

// A payload of `chunks` chunks (the last one short) after kPrefix bytes, followed by its chunk
// table and the table's index; the table given whole (as the start checks a small one) or
// not (its pages then read from the file when needed).
Signed make_signed(uint64_t chunks = kChunks, bool whole = true) {
    uint64_t length = chunks * kChunk - 123;
    std::vector<std::byte> bytes(kPrefix + length);
    for (size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = static_cast<std::byte>((i * 2654435761u) >> 13);
    Signed s;
    s.header.chunk_size = kChunk;
    s.header.payload_offset = kPrefix;
    s.header.payload_length = length;
    s.header.chunk_count = core::chunk_count_for(length, kChunk);
    s.header.table_offset = bytes.size();
    std::vector<std::byte> table;
    for (uint64_t c = 0; c < s.header.chunk_count; ++c) {
        uint64_t start = kPrefix + c * kChunk;
        size_t n = static_cast<size_t>(std::min<uint64_t>(kChunk, bytes.size() - start));
        core::Hash256 hash = core::hash256(std::span(bytes).subspan(start, n));
        for (auto b : hash)
            table.push_back(static_cast<std::byte>(b));
    }
    std::vector<std::byte> index = core::table_index(table);
    s.header.index_hash = core::hash256(index);
    bytes.insert(bytes.end(), table.begin(), table.end());
    bytes.insert(bytes.end(), index.begin(), index.end());
    s.file = std::make_shared<test::OwnedMemorySource>(std::move(bytes));
    auto checked = read_checked_table(*s.file, s.header, whole);
    EXPECT_TRUE(checked) << checked.message();
    s.table = std::move(*checked);
    return s;
}

// What `run` writes to stderr.
template <typename Run>
std::string stderr_of(Run run) {
    std::FILE* captured = std::tmpfile();
    EXPECT_NE(captured, nullptr);
    int saved = ::dup(STDERR_FILENO);
    ::dup2(::fileno(captured), STDERR_FILENO);
    run();
    ::dup2(saved, STDERR_FILENO);
    ::close(saved);
    std::rewind(captured);
    std::string err;
    char line[512];
    while (std::fgets(line, sizeof line, captured) != nullptr)
        err += line;
    std::fclose(captured);
    return err;
}

// Reads the whole payload in pieces of `piece` bytes; false on the first failed read.
bool read_all(const VerifiedSource& source, const Signed& s, size_t piece,
              std::vector<std::byte>& out) {
    out.assign(s.header.payload_length, std::byte{0});
    for (uint64_t at = 0; at < out.size(); at += piece) {
        size_t n = static_cast<size_t>(std::min<uint64_t>(piece, out.size() - at));
        if (!source.read_exact(kPrefix + at, std::span(out).subspan(at, n))) return false;
    }
    return true;
}

TEST(VerifiedSource, ManyReadersAtOnceGetThePayloadAndEachChunkIsReadOnce) {
    Signed s = make_signed();
    VerifiedSource source(std::make_shared<SlowSource>(s.file), s.header, s.table, "test.AppImage",
                          "test");
    auto payload = s.file->bytes().begin() + kPrefix;
    std::vector<std::byte> expected(payload,
                                    payload + static_cast<ptrdiff_t>(s.header.payload_length));
    size_t reads_before = s.file->reads();  // of the table, by make_signed
    std::vector<std::thread> readers;
    std::atomic<int> right{0};
    for (size_t t = 0; t < 8; ++t) {
        readers.emplace_back([&, t] {
            std::vector<std::byte> got;
            if (read_all(source, s, 1000 + 777 * t, got) && got == expected) ++right;
        });
    }
    for (std::thread& reader : readers)
        reader.join();
    EXPECT_EQ(right, 8);
    // Chunks being checked are waited for, not checked twice; the cache keeps them all.
    EXPECT_EQ(s.file->reads() - reads_before, kChunks);
}

TEST(VerifiedSource, AChunkThatDoesNotMatchFailsEveryReadAndIsReportedOnce) {
    Signed s = make_signed();
    s.file->bytes()[kPrefix + uint64_t{7} * kChunk + 5] ^= std::byte{1};  // chunk 7
    VerifiedSource source(s.file, s.header, s.table, "test.AppImage", "test");
    std::atomic<int> failed{0}, other_chunks_read{0};
    std::string err = stderr_of([&] {
        std::vector<std::thread> readers;
        for (size_t t = 0; t < 8; ++t) {
            readers.emplace_back([&] {
                std::vector<std::byte> bytes(100);
                if (!source.read_exact(kPrefix + uint64_t{7} * kChunk + 4000, bytes)) ++failed;
                if (source.read_exact(kPrefix + uint64_t{3} * kChunk, bytes) &&
                    source.read_exact(kPrefix + uint64_t{8} * kChunk, bytes)) {
                    ++other_chunks_read;
                }
            });
        }
        for (std::thread& reader : readers)
            reader.join();
    });
    EXPECT_EQ(failed, 8);
    EXPECT_EQ(other_chunks_read, 8);
    EXPECT_EQ(err,
              "test: test.AppImage: payload chunk 7 (bytes 29672+4096) does not match its "
              "signature; refusing to read it\n");
}

// Off, a miss checks only the chunk read (no thread starts: the launch reads so before the
// mount server forks); on, the chunks after it are checked ahead.
TEST(VerifiedSource, CheckingAheadCanBeTurnedOff) {
    Signed s = make_signed();
    VerifiedSource source(s.file, s.header, s.table, "test.AppImage", "test");
    source.set_checking_ahead(false);
    std::vector<std::byte> bytes(10);
    size_t before = s.file->reads();
    ASSERT_TRUE(source.read_exact(kPrefix + uint64_t{5} * kChunk, bytes));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(s.file->reads() - before, 1u);

    source.set_checking_ahead(true);
    before = s.file->reads();
    ASSERT_TRUE(source.read_exact(kPrefix + uint64_t{20} * kChunk, bytes));
    for (int i = 0; i < 200 && s.file->reads() - before < 1 + VerifiedSource::kFewestAhead; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(s.file->reads() - before, 1 + VerifiedSource::kFewestAhead);
}

TEST(VerifiedSource, ALargeTablesPagesAreReadOnceAndAChangedOneFailsOnlyItsChunks) {
    Signed s = make_signed(300, false);  // three pages: chunks 0-127, 128-255, 256-299
    uint64_t table_at = s.header.table_offset;
    s.file->bytes()[table_at + core::kTablePageBytes + 77] ^= std::byte{1};  // page 1
    auto page_0_reads = std::make_shared<CountedAt>(s.file, table_at);
    VerifiedSource source(page_0_reads, s.header, s.table, "test.AppImage", "test");
    auto read_chunk = [&](uint64_t chunk) {
        std::vector<std::byte> bytes(10);
        return static_cast<bool>(source.read_exact(kPrefix + chunk * kChunk, bytes));
    };
    bool first = false, same_page = false, last_page = false, changed = true, again = true;
    std::string err = stderr_of([&] {
        first = read_chunk(0);
        same_page = read_chunk(100);
        last_page = read_chunk(299);
        changed = read_chunk(128);
        again = read_chunk(255);
    });
    EXPECT_TRUE(first);
    EXPECT_TRUE(same_page);
    EXPECT_TRUE(last_page);
    EXPECT_FALSE(changed);
    EXPECT_FALSE(again);
    EXPECT_EQ(page_0_reads->count, 1u) << "a checked page is kept";
    EXPECT_EQ(err,
              "test: test.AppImage: the chunk table does not match its signature (page 1, "
              "chunks 128-255); refusing to read them\n");
}

TEST(VerifiedSource, ATableWhoseIndexDoesNotMatchIsRefusedAtTheStart) {
    Signed s = make_signed(300, false);
    s.file->bytes()[core::index_offset(s.header) + 40] ^= std::byte{1};
    EXPECT_FALSE(read_checked_table(*s.file, s.header, false));
    Signed whole = make_signed(300, false);
    whole.file->bytes()[whole.header.table_offset + 2 * core::kTablePageBytes] ^= std::byte{1};
    auto refused = read_checked_table(*whole.file, whole.header, true);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.message().find("(page 2, chunks 256-299)"), std::string::npos)
        << refused.message();
}

}  // namespace
}  // namespace squashrun::runtime
