// Google Benchmark: extracting a small image with the runtime's own extraction code (the
// threads, path checks and copies of --appimage-extract and extract-and-run), per extraction
// and per file.
#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "bench_support.hpp"
#include "core/format/byte_source.hpp"
#include "runtime/cache/extract.hpp"

namespace {

using squashrun::bench::make_temp_dir;
using squashrun::bench::shell;

constexpr int kFiles = 200;

// A squashfs image of kFiles files of 4 KiB in 10 directories, made once.
struct SmallImage {
    std::string dir;
    std::string image;
    SmallImage() {
        dir = make_temp_dir("/tmp", "image-benchmark");
        shell("cd '" + dir +
              "' && mkdir tree && for d in 0 1 2 3 4 5 6 7 8 9; do mkdir tree/$d; "
              "for f in $(seq 20); do head -c 4096 /dev/urandom > tree/$d/$f; done; done && "
              "mksquashfs tree image.sqfs -quiet -no-progress -comp zstd -b 65536 >/dev/null");
        image = dir + "/image.sqfs";
    }
    ~SmallImage() { squashrun::bench::remove_dir(dir); }
};

void BM_ExtractSmallImage(benchmark::State& state) {
    static SmallImage small;
    int fd = ::open(small.image.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    ::fstat(fd, &st);
    auto source =
        std::make_shared<squashrun::core::FileSource>(fd, static_cast<uint64_t>(st.st_size));
    squashrun::runtime::ExtractRequest request;
    request.source = source;
    request.target = small.dir + "/out";
    request.threads = static_cast<unsigned>(state.range(0));
    for (auto _ : state) {
        auto extracted = squashrun::runtime::extract_payload(request);
        if (!extracted) state.SkipWithError(extracted.message().c_str());
        state.PauseTiming();
        shell("rm -rf '" + request.target + "'");
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * kFiles);
    state.SetLabel(std::to_string(kFiles) + " files of 4 KiB");
    ::close(fd);
}
BENCHMARK(BM_ExtractSmallImage)->Arg(1)->Arg(0)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
