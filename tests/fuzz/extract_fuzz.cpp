// Fuzz target: extraction of a (mutated) squashfs image into a temporary directory. Whatever
// the image holds, extraction either builds a tree inside the target or fails and leaves
// nothing; nothing appears beside the target, no device node or setuid file is made, and no
// link is followed out of it. Then a few lookups by path, as a launch and the mount make them.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/format/byte_source.hpp"
#include "fuzz_support.hpp"
#include "os/files.hpp"
#include "os/fs_ops.hpp"
#include "os/temp_dir.hpp"
#include "runtime/cache/extract.hpp"
#include "runtime/image/reader.hpp"

using namespace squashrun;

namespace {

// Every entry below `dir` is a directory, a regular file without setuid or setgid bits, a
// symlink or a fifo.
bool only_plain_entries(const std::string& dir) {
    for (const std::string& name : os::list_directory(dir)) {
        std::string path = os::join_path(dir, name);
        struct stat st {};
        if (::lstat(path.c_str(), &st) != 0) return false;
        if ((st.st_mode & 06000) != 0) return false;
        if (S_ISDIR(st.st_mode)) {
            if (!only_plain_entries(path)) return false;
        } else if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode) && !S_ISFIFO(st.st_mode)) {
            return false;
        }
    }
    return true;
}

// <tmp>/squashrun-fuzz-XXXXXX/{beside, box/}: extraction targets box/tree; `beside` is an
// empty file that must stay the only other entry, unchanged.
struct Sandbox {
    os::TempDir dir;
    Sandbox() : dir(make()) {
        fuzz::require(::mkdir((dir.path() + "/box").c_str(), 0700) == 0, "the box");
        fuzz::require(static_cast<bool>(os::replace_file(dir.path() + "/beside", "")),
                      "the file beside the box");
    }
    static os::TempDir make() {
        const char* tmp = std::getenv("TMPDIR");
        auto made =
            os::TempDir::create(tmp != nullptr && *tmp == '/' ? tmp : "/tmp", "squashrun-fuzz-");
        fuzz::require(static_cast<bool>(made), "a temporary directory");
        return std::move(*made);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static Sandbox sandbox;
    runtime::ExtractRequest request;
    request.source = std::make_shared<core::MemorySource>(
        std::span<const std::byte>(reinterpret_cast<const std::byte*>(data), size));
    request.target = sandbox.dir.path() + "/box/tree";
    request.threads = 1;
    auto extracted = runtime::extract_payload(request);

    auto beside = os::list_directory(sandbox.dir.path());
    fuzz::require(beside.size() == 2, "nothing written beside the box");
    struct stat st {};
    fuzz::require(::stat((sandbox.dir.path() + "/beside").c_str(), &st) == 0 && st.st_size == 0,
                  "the file beside the box unchanged");
    auto in_box = os::list_directory(sandbox.dir.path() + "/box");
    if (extracted) {
        fuzz::require(in_box == std::vector<std::string>{"tree"}, "only the tree in the box");
        fuzz::require(only_plain_entries(request.target), "no devices, no setuid bits");
    } else {
        fuzz::require(in_box.empty(), "a failed extraction leaves nothing");
    }
    os::remove_tree(request.target);

    // The lookups the launch and the mount make (squashfuse's directory index), by path.
    if (auto image = runtime::SquashfsImage::open(request.source, 0)) {
        for (const char* path : {"AppRun", "usr/bin/tool", "share/deep/er/f", "zzz", ""})
            (void)(*image)->lookup(path);
    }
    return 0;
}
