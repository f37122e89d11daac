// Google Benchmark: the parsing the runtime does on every launch (ELF, magic, superblock).
#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/format/payload.hpp"

namespace {

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
    ::close(fd);
}
BENCHMARK(BM_ReadType2LayoutFromFile);

}  // namespace
