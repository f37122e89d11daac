// A private directory for one test, removed afterwards, and small file helpers.
#pragma once

#include <string>
#include <vector>

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
// Runs argv[0] (a path) with this process's environment, its stdout discarded; true when it
// exits 0.
bool run_quietly(const std::vector<std::string>& argv);

}  // namespace squashrun::test
