// TempTree under $TMPDIR (or /tmp), removed with everything in it.
#include "temp_tree.hpp"

#include <stdlib.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "os/environment.hpp"
#include "os/fs_ops.hpp"
#include "os/spawn.hpp"
#include "os/temp_root.hpp"

namespace squashrun::test {

TempTree::TempTree() {
    const char* tmpdir = std::getenv("TMPDIR");
    path_ = os::temp_root(tmpdir != nullptr ? tmpdir : "") + "/squashrun-unit.XXXXXX";
    if (::mkdtemp(path_.data()) == nullptr) throw std::runtime_error("mkdtemp " + path_);
}

TempTree::~TempTree() {
    os::remove_tree(path_);
}

void write_text(const std::string& path, const std::string& content) {
    FILE* f = std::fopen(path.c_str(), "w");
    if (f == nullptr) throw std::runtime_error("cannot write " + path);
    std::fwrite(content.data(), 1, content.size(), f);
    std::fclose(f);
}

bool run_quietly(const std::vector<std::string>& argv) {
    os::ProcessSpec spec;
    spec.argv = argv;
    spec.env = os::current_environment();
    spec.out = os::Stdio::null();
    auto ran = os::run(spec);
    return ran && ran->status.succeeded();
}

}  // namespace squashrun::test
