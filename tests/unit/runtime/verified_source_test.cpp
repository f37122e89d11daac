// The checked reads of a signed payload under concurrency: many readers at once get the
// payload's bytes, each chunk is read from the file once while it stays cached, and a chunk
// that does not match fails every read of it and is reported once.
#include "runtime/image/verified_source.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "memory_image.hpp"

namespace squashrun::runtime {
namespace {

constexpr uint32_t kChunk = 4096;
constexpr uint64_t kPrefix = 1000;  // the runtime's bytes before the payload
constexpr uint64_t kChunks = 40;    // fewer than the cache keeps

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
    std::shared_ptr<std::vector<std::byte>> table;
};

// A payload of kChunks chunks (the last one short) after kPrefix bytes, and its chunk table.
Signed make_signed() {
    uint64_t length = kChunks * kChunk - 123;
    std::vector<std::byte> bytes(kPrefix + length);
    for (size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = static_cast<std::byte>((i * 2654435761u) >> 13);
    Signed s;
    s.header.chunk_size = kChunk;
    s.header.payload_offset = kPrefix;
    s.header.payload_length = length;
    s.header.chunk_count = core::chunk_count_for(length, kChunk);
    s.table = std::make_shared<std::vector<std::byte>>();
    for (uint64_t c = 0; c < s.header.chunk_count; ++c) {
        uint64_t start = kPrefix + c * kChunk;
        size_t n = static_cast<size_t>(std::min<uint64_t>(kChunk, bytes.size() - start));
        core::Hash256 hash = core::hash256(std::span(bytes).subspan(start, n));
        for (auto b : hash)
            s.table->push_back(static_cast<std::byte>(b));
    }
    s.file = std::make_shared<test::OwnedMemorySource>(std::move(bytes));
    return s;
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
    std::vector<std::byte> expected(s.file->bytes().begin() + kPrefix, s.file->bytes().end());
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
    EXPECT_EQ(s.file->reads(), kChunks);
}

TEST(VerifiedSource, AChunkThatDoesNotMatchFailsEveryReadAndIsReportedOnce) {
    Signed s = make_signed();
    s.file->bytes()[kPrefix + uint64_t{7} * kChunk + 5] ^= std::byte{1};  // chunk 7
    VerifiedSource source(s.file, s.header, s.table, "test.AppImage", "test");
    std::FILE* captured = std::tmpfile();
    ASSERT_NE(captured, nullptr);
    int saved = ::dup(STDERR_FILENO);
    ::dup2(::fileno(captured), STDERR_FILENO);
    std::atomic<int> failed{0}, other_chunks_read{0};
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
    ::dup2(saved, STDERR_FILENO);
    ::close(saved);
    std::rewind(captured);
    std::string err;
    char line[512];
    while (std::fgets(line, sizeof line, captured) != nullptr)
        err += line;
    std::fclose(captured);
    EXPECT_EQ(failed, 8);
    EXPECT_EQ(other_chunks_read, 8);
    EXPECT_EQ(err,
              "test: test.AppImage: payload chunk 7 (bytes 29672+4096) does not match its "
              "signature; refusing to read it\n");
}

}  // namespace
}  // namespace squashrun::runtime
