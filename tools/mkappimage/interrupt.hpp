// Removing temporary files when mkappimage is interrupted (SIGINT, SIGTERM, SIGHUP).
#pragma once

#include <string>

namespace squashrun::mkappimage {

// While alive, an interrupt unlinks `path` (with `tree`, removes the directory and all in
// it) before the process dies of the signal.
class RemoveOnInterrupt {
  public:
    explicit RemoveOnInterrupt(const std::string& path, bool tree = false);
    ~RemoveOnInterrupt();
    RemoveOnInterrupt(const RemoveOnInterrupt&) = delete;
    RemoveOnInterrupt& operator=(const RemoveOnInterrupt&) = delete;

  private:
    int slot_ = -1;
};

}  // namespace squashrun::mkappimage
