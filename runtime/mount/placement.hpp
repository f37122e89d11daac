// Idle helpers: serving threads that, once the mount is warm, wait each on a CPU of its own at
// idle priority (SCHED_IDLE), first in the FUSE connection's queue. An app's request wakes
// the one on the app's CPU without preempting the app; it runs as the app blocks, and its
// answer wakes the app on that CPU again (the scheduler counts a CPU that only runs
// idle-priority threads as free). Otherwise each round trip wakes a halted CPU twice, which a
// virtual machine makes slow. An idle helper whose waits for its CPU add up (other work keeps
// that CPU busy) steps back for a while and the normal helpers, behind it in the queue, serve
// without it: an idle one must not hold an app up behind a busy machine, and an unprivileged
// thread cannot return from idle priority.
#pragma once

#include <sched.h>
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "os/unique_fd.hpp"

namespace squashrun::runtime {

// The CPUs this process may run on, when there are at most `most`; else none (the helpers
// then stay at normal priority and run anywhere).
std::vector<int> cpus_to_keep(size_t most);

// Thread `thread` (a thread id; 0: none) at normal priority, if this process may (root, or
// CAP_SYS_NICE): an idle helper told to stop then does not wait long for its CPU.
void make_normal(pid_t thread);

// The calling thread kept on one CPU at idle priority, with a watch over its waits for that
// CPU. An object belongs to one thread, the one that calls its members.
class IdleOnCpu {
  public:
    // Waits for the CPU that add up to more than kMaxWaitNs within kWindowNs are too many. An
    // idle-priority thread on a CPU that other work keeps busy waits up to a scheduler tick
    // each time it is woken; alone with the app, a few microseconds.
    static constexpr int64_t kMaxWaitNs = 10'000'000;
    static constexpr int64_t kWindowNs = 1'000'000'000;

    // Keeps the calling thread on `cpu` at SCHED_IDLE, if its waits can be watched
    // (/proc/thread-self/schedstat). False when it stays as it was.
    bool start(int cpu);
    // Before the thread sleeps until woken, and after it woke: the time between its wake-up
    // and its run counts as a wait for the CPU (not the time it spent preempted by the app it
    // had just answered). after_waking() is false when the waits of the current window passed
    // the limit (a new window then begins), or the thread is not kept idle.
    void before_waiting();
    bool after_waking();
    bool idle() const { return idle_; }

  private:
    // Nanoseconds the thread has spent ready to run but waiting for a CPU, or -1.
    int64_t waited_ns() const;
    os::UniqueFd schedstat_;
    int64_t last_waited_ns_ = 0;
    int64_t window_start_ns_ = 0;
    int64_t waited_in_window_ns_ = 0;
    bool idle_ = false;
    bool started_ = false;
};

}  // namespace squashrun::runtime
