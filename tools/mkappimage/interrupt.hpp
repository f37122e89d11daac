// Removing temporary files when mkappimage is interrupted (SIGINT, SIGTERM, SIGHUP).
#pragma once

#include <signal.h>
#include <sys/types.h>

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

// While alive, an interrupt is first passed on to the process group of the child given to
// started() (the tools mkappimage runs lead sessions of their own), which is waited for (and
// killed if it does not end within 10 s), so that nothing writes into what is removed. From
// construction until started() (or destruction), the interrupt signals are held back, so one
// that comes while the tool is being started finds its pid.
class StopOnInterrupt {
  public:
    StopOnInterrupt();
    ~StopOnInterrupt();
    StopOnInterrupt(const StopOnInterrupt&) = delete;
    StopOnInterrupt& operator=(const StopOnInterrupt&) = delete;
    void started(pid_t child);

  private:
    void release();
    sigset_t saved_{};
    bool held_ = false;
};

}  // namespace squashrun::mkappimage
