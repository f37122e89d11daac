// A one-line progress bar on stderr, for terminals.
#pragma once

#include <cstdint>

namespace squashrun::runtime {

class ProgressBar {
  public:
    explicit ProgressBar(uint64_t total) : total_(total) {}
    void update(uint64_t done);
    // Completes the line (at 100% when `complete`).
    void finish(bool complete);

  private:
    uint64_t total_;
    int last_percent_ = -1;
};

}  // namespace squashrun::runtime
