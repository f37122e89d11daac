// Where and at what priority a serving thread waits once the mount is warm. On a machine with
// few CPUs, each helper is then kept on a CPU of its own at idle priority (SCHED_IDLE): an
// app's request wakes the helper on the app's CPU without preempting the app, the helper runs
// as the app blocks, and its answer wakes the app on that CPU again (the scheduler counts a
// CPU that only runs idle-priority threads as free). Otherwise each round trip wakes a halted
// CPU twice, which a virtual machine makes slow. A helper that once waits long for its CPU
// (other work keeps it busy) goes back to normal priority and to any CPU, for good, so an
// idle-priority helper cannot hold an app up behind a busy machine for long.
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

// Thread `thread` (a thread id; 0: none) at normal priority, wherever it runs.
void make_normal(pid_t thread);

// The calling thread kept on one CPU at idle priority, with a watch over its waits for that
// CPU. An object belongs to one thread, the one that calls its members.
class IdleOnCpu {
  public:
    // Waits for the CPU that add up to more than kMaxWaitNs within kWindowNs send the thread
    // back to normal. An idle-priority thread on a CPU that other work keeps busy waits about
    // a scheduler tick for each request; alone with the app, a few microseconds.
    static constexpr int64_t kMaxWaitNs = 5'000'000;
    static constexpr int64_t kWindowNs = 1'000'000'000;

    // Keeps the calling thread on `cpu` at SCHED_IDLE, if its waits can be watched
    // (/proc/thread-self/schedstat). False when it stays as it was.
    bool start(int cpu);
    // Before the thread sleeps until woken, and after it woke: the time between its wake-up
    // and its run counts as a wait for the CPU (not the time it spent preempted by the app it
    // had just answered). Waits past the limit send it back to normal priority on the CPUs it
    // had, for the rest of its life. after_waking() is true while it is kept idle.
    void before_waiting();
    bool after_waking();
    bool idle() const { return idle_; }

  private:
    // Nanoseconds the thread has spent ready to run but waiting for a CPU, or -1.
    int64_t waited_ns() const;
    void stop();
    os::UniqueFd schedstat_;
    cpu_set_t allowed_{};
    int64_t last_waited_ns_ = 0;
    int64_t window_start_ns_ = 0;
    int64_t waited_in_window_ns_ = 0;
    bool idle_ = false;
    bool started_ = false;
};

}  // namespace squashrun::runtime
