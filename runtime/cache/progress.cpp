// Progress bar drawing: redrawn in place with a carriage return when the percentage moves.
#include "runtime/cache/progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace squashrun::runtime {

void ProgressBar::update(uint64_t done) {
    int percent = total_ == 0 ? 100 : static_cast<int>(done * 100 / total_);
    if (percent > 100) percent = 100;
    if (percent == last_percent_) return;
    last_percent_ = percent;
    constexpr int kWidth = 40;
    int filled = percent * kWidth / 100;
    std::string line = "\rextracting [" + std::string(static_cast<size_t>(filled), '#') +
                       std::string(static_cast<size_t>(kWidth - filled), ' ') + "] " +
                       std::to_string(percent) + "%";
    (void)::write(STDERR_FILENO, line.data(), line.size());
}

void ProgressBar::finish(bool complete) {
    if (complete) update(total_);
    (void)::write(STDERR_FILENO, "\n", 1);
}

}  // namespace squashrun::runtime
