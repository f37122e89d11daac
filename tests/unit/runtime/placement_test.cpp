// Serving threads kept on a CPU at idle priority, and sent back when they wait too long.
#include "runtime/mount/placement.hpp"

#include <gtest/gtest.h>
#include <sched.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace squashrun::runtime {
namespace {

int allowed_cpus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    EXPECT_EQ(::sched_getaffinity(0, sizeof set, &set), 0);
    return CPU_COUNT(&set);
}

int first_allowed_cpu() {
    cpu_set_t set;
    CPU_ZERO(&set);
    EXPECT_EQ(::sched_getaffinity(0, sizeof set, &set), 0);
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (CPU_ISSET(cpu, &set)) return cpu;
    }
    return -1;
}

TEST(Placement, CpusToKeepAreTheAllowedOnesWhenFewEnough) {
    int count = allowed_cpus();
    auto cpus = cpus_to_keep(static_cast<size_t>(count));
    ASSERT_EQ(cpus.size(), static_cast<size_t>(count));
    EXPECT_EQ(cpus.front(), first_allowed_cpu());
    EXPECT_TRUE(cpus_to_keep(static_cast<size_t>(count) - 1).empty()) << "more CPUs than helpers";
}

// Runs `body` on a thread of its own (scheduling changes stay there) and waits for it.
template <typename Body>
void on_a_thread(Body body) {
    std::thread thread(body);
    thread.join();
}

TEST(Placement, AStartedThreadWaitsOnItsCpuAtIdlePriority) {
    int cpu = first_allowed_cpu();
    int count = allowed_cpus();
    on_a_thread([&] {
        IdleOnCpu idle;
        ASSERT_TRUE(idle.start(cpu));
        EXPECT_TRUE(idle.idle());
        EXPECT_EQ(::sched_getscheduler(0), SCHED_IDLE);
        cpu_set_t set;
        ASSERT_EQ(::sched_getaffinity(0, sizeof set, &set), 0);
        EXPECT_EQ(CPU_COUNT(&set), 1);
        EXPECT_TRUE(CPU_ISSET(cpu, &set));
        EXPECT_TRUE(idle.start(cpu)) << "a second start changes nothing";
        // Told from another thread at the end: back to normal, where this process may.
        pid_t self = ::gettid();
        std::thread([self] { make_normal(self); }).join();
        if (::geteuid() == 0) {
            EXPECT_EQ(::sched_getscheduler(0), SCHED_OTHER);
        }
    });
    EXPECT_EQ(allowed_cpus(), count) << "the test's own thread is untouched";
}

// A normal-priority thread that keeps `cpu` busy until told to stop: an idle-priority thread
// on that CPU then waits about a scheduler tick each time it wakes.
class BusyCpu {
  public:
    explicit BusyCpu(int cpu)
        : thread_([this, cpu] {
              cpu_set_t one;
              CPU_ZERO(&one);
              CPU_SET(cpu, &one);
              (void)::sched_setaffinity(0, sizeof one, &one);
              while (!stop_.load(std::memory_order_relaxed)) {
              }
          }) {}
    ~BusyCpu() {
        stop_ = true;
        thread_.join();
    }
    BusyCpu(const BusyCpu&) = delete;
    BusyCpu& operator=(const BusyCpu&) = delete;

  private:
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

TEST(Placement, AThreadThatWaitsLongForItsCpuIsToldSo) {
    int cpu = first_allowed_cpu();
    on_a_thread([&] {
        IdleOnCpu idle;
        ASSERT_TRUE(idle.start(cpu));
        BusyCpu busy(cpu);
        auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        int wakes = 0;
        bool calm = true;
        while (calm && std::chrono::steady_clock::now() < give_up) {
            idle.before_waiting();
            ::usleep(1000);
            calm = idle.after_waking();
            ++wakes;
        }
        EXPECT_FALSE(calm) << "still calm after " << wakes << " wakes";
        EXPECT_TRUE(idle.idle()) << "it stays at idle priority";
        EXPECT_EQ(::sched_getscheduler(0), SCHED_IDLE);
    });
}

}  // namespace
}  // namespace squashrun::runtime
