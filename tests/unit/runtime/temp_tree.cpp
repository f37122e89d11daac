// TempTree under $TMPDIR (or /tmp), removed with everything in it.
#include "temp_tree.hpp"

#include <stdlib.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "os/fs_ops.hpp"
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

bool shell(const std::string& command_line) {
    return std::system(command_line.c_str()) == 0;
}

}  // namespace squashrun::test
