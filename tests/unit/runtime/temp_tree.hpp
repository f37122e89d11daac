// A private directory for one test, removed afterwards, and small file helpers.
#pragma once

#include <string>

namespace squashrun::test {

class TempTree {
  public:
    TempTree();
    TempTree(const TempTree&) = delete;
    TempTree& operator=(const TempTree&) = delete;
    ~TempTree();
    const std::string& path() const { return path_; }
    // path() + "/" + relative
    std::string operator/(const std::string& relative) const { return path_ + "/" + relative; }

  private:
    std::string path_;
};

void write_text(const std::string& path, const std::string& content);
// Runs a shell command line; true when it exits 0.
bool shell(const std::string& command_line);

}  // namespace squashrun::test
