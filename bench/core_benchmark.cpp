// Google Benchmark: the hot parts of a launch and of a build, per item or per byte: ELF parse
// and payload locate, XXH3 and BLAKE2b, the signed header's Ed25519 check and a chunk's
// check, and the desktop-file and apprun.conf parsers.
#include <benchmark/benchmark.h>
#include <sodium.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "core/apprun/config.hpp"
#include "core/cache/content_hash.hpp"
#include "core/desktop/entry.hpp"
#include "core/format/payload.hpp"
#include "core/sign/header.hpp"
#include "core/sign/minisign.hpp"

namespace {

using squashrun::core::MemorySource;

std::vector<std::byte> pattern(size_t size) {
    std::vector<std::byte> bytes(size);
    for (size_t i = 0; i < size; ++i)
        bytes[i] = static_cast<std::byte>((i * 2654435761U) >> 13);
    return bytes;
}

void BM_ReadType2LayoutFromFile(benchmark::State& state) {
    int fd = ::open(SQUASHRUN_RUNTIME, O_RDONLY | O_CLOEXEC);
    struct stat st {};
    ::fstat(fd, &st);
    squashrun::core::FileSource source(fd, static_cast<uint64_t>(st.st_size));
    for (auto _ : state) {
        auto layout = squashrun::core::read_type2_layout(source);
        benchmark::DoNotOptimize(layout);
        if (!layout) state.SkipWithError(layout.message().c_str());
    }
    state.SetItemsProcessed(state.iterations());
    ::close(fd);
}
BENCHMARK(BM_ReadType2LayoutFromFile);

// The extraction cache's key: XXH3-128 over a range.
void BM_Xxh3_128(benchmark::State& state) {
    auto bytes = pattern(static_cast<size_t>(state.range(0)));
    MemorySource source(bytes);
    for (auto _ : state) {
        auto hex = squashrun::core::hash_range_hex(source, 0, bytes.size());
        benchmark::DoNotOptimize(hex);
    }
    state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Xxh3_128)->Arg(64 << 10)->Arg(16 << 20);

// The prefetch recording's check of recorded bytes: XXH3-64.
void BM_Xxh3_64(benchmark::State& state) {
    auto bytes = pattern(static_cast<size_t>(state.range(0)));
    std::string_view view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    for (auto _ : state)
        benchmark::DoNotOptimize(squashrun::core::hash64(view));
    state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Xxh3_64)->Arg(64 << 10)->Arg(16 << 20);

// A signed payload's chunk hash: BLAKE2b-256.
void BM_Blake2b256(benchmark::State& state) {
    auto bytes = pattern(static_cast<size_t>(state.range(0)));
    for (auto _ : state)
        benchmark::DoNotOptimize(squashrun::core::hash256(bytes));
    state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Blake2b256)->Arg(64 << 10)->Arg(16 << 20);

// What a launch does with a checked chunk: hash the 64 KiB and compare with the table.
void BM_ChunkCheck(benchmark::State& state) {
    auto chunk = pattern(squashrun::core::kDefaultChunkSize);
    auto expected = squashrun::core::hash256(chunk);
    for (auto _ : state) {
        auto hash = squashrun::core::hash256(chunk);
        if (std::memcmp(hash.data(), expected.data(), hash.size()) != 0)
            state.SkipWithError("mismatch");
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * squashrun::core::kDefaultChunkSize);
}
BENCHMARK(BM_ChunkCheck);

// The signed header's check at launch: its Ed25519 signature and fields.
void BM_SignedHeaderCheck(benchmark::State& state) {
    auto key = squashrun::core::generate_secret_key();
    squashrun::core::SignedHeader header;
    header.payload_offset = 2 << 20;
    header.payload_length = 64 << 20;
    header.chunk_count = squashrun::core::chunk_count_for(header.payload_length, header.chunk_size);
    header.table_offset = header.payload_offset + header.payload_length;
    header.app_identity = "org.example.App";
    header.app_version = "1.0";
    auto section = squashrun::core::sign_header(header, key);
    if (!section) {
        state.SkipWithError(section.message().c_str());
        return;
    }
    for (auto _ : state) {
        auto parsed = squashrun::core::parse_signed_header(*section);
        if (!parsed || !parsed->has_value()) state.SkipWithError("header refused");
        benchmark::DoNotOptimize(parsed);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SignedHeaderCheck);

constexpr const char* kDesktopFile =
    "[Desktop Entry]\nType=Application\nName=Hello World\nName[de]=Hallo Welt\n"
    "Comment=Says hello\nExec=hello %F\nIcon=hello\nCategories=Utility;Development;\n"
    "MimeType=text/plain;application/x-hello;\nTerminal=false\nX-AppImage-Version=1.2.3\n"
    "Actions=New;\n\n[Desktop Action New]\nName=New window\nExec=hello --new %u\n";

void BM_ParseDesktopFile(benchmark::State& state) {
    for (auto _ : state) {
        auto file = squashrun::core::parse_desktop_file(kDesktopFile);
        benchmark::DoNotOptimize(file);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(std::strlen(kDesktopFile)));
}
BENCHMARK(BM_ParseDesktopFile);

constexpr const char* kAppRunConfig =
    "python = ${APPDIR}/usr/libexec/python3.11\nloader = ${APPDIR}/lib64/ld-linux-x86-64.so.2\n"
    "library-path = ${APPDIR}/lib/x86_64-linux-gnu\nargv0 = ${APPDIR}/usr/bin/python3.11\n"
    "python-flags = -I\nmodule = hello_py\narg = ${@}\nca-certificates = yes\n"
    "prepend PATH = ${APPDIR}/usr/bin\nset LANG = C.UTF-8\n\n"
    "[command python3]\npython = ${APPDIR}/usr/libexec/python3.11\n"
    "loader = ${APPDIR}/lib64/ld-linux-x86-64.so.2\nargv0 = ${APPDIR}/usr/bin/python3.11\n";

void BM_ParseAppRunConfig(benchmark::State& state) {
    for (auto _ : state) {
        auto config = squashrun::core::parse_apprun_config(kAppRunConfig);
        if (!config) state.SkipWithError(config.message().c_str());
        benchmark::DoNotOptimize(config);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(std::strlen(kAppRunConfig)));
}
BENCHMARK(BM_ParseAppRunConfig);

}  // namespace

int main(int argc, char** argv) {
    if (sodium_init() < 0) return 1;  // as mkappimage does: libsodium's fastest code
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
