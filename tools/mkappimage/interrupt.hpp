// Removing temporary files when mkappimage is interrupted (SIGINT, SIGTERM, SIGHUP).
#pragma once

#include <string>

namespace squashrun::mkappimage {

// While alive, an interrupt unlinks `path` before the process dies of the signal.
class RemoveOnInterrupt {
  public:
    explicit RemoveOnInterrupt(const std::string& path);
    ~RemoveOnInterrupt();
    RemoveOnInterrupt(const RemoveOnInterrupt&) = delete;
    RemoveOnInterrupt& operator=(const RemoveOnInterrupt&) = delete;

  private:
    int slot_ = -1;
};

}  // namespace squashrun::mkappimage
