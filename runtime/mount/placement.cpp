// CPU affinity and SCHED_IDLE for the idle helpers; the wait for a CPU is the second field of
// /proc/thread-self/schedstat (nanoseconds spent ready to run but not running).
#include "runtime/mount/placement.hpp"

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <string_view>

namespace squashrun::runtime {
namespace {

int64_t now_ns() {
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

}  // namespace

std::vector<int> cpus_to_keep(size_t most) {
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (::sched_getaffinity(0, sizeof allowed, &allowed) != 0) return {};
    std::vector<int> cpus;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (CPU_ISSET(cpu, &allowed)) cpus.push_back(cpu);
    }
    if (cpus.size() > most) return {};
    return cpus;
}

void make_normal(pid_t thread) {
    if (thread <= 0) return;
    sched_param none{};
    (void)::sched_setscheduler(thread, SCHED_OTHER, &none);
}

int64_t IdleOnCpu::waited_ns() const {
    std::array<char, 96> text{};
    ssize_t got = ::pread(schedstat_.get(), text.data(), text.size() - 1, 0);
    if (got <= 0) return -1;
    std::string_view line(text.data(), static_cast<size_t>(got));
    size_t space = line.find(' ');
    if (space == std::string_view::npos) return -1;
    line.remove_prefix(space + 1);
    int64_t waited = 0;
    auto [end, error] = std::from_chars(line.data(), line.data() + line.size(), waited);
    if (error != std::errc() || end == line.data()) return -1;
    return waited;
}

bool IdleOnCpu::start(int cpu) {
    if (started_) return idle_;
    started_ = true;
    if (cpu < 0 || cpu >= CPU_SETSIZE) return false;
    schedstat_ = os::UniqueFd(::open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC));
    if (!schedstat_ || (last_waited_ns_ = waited_ns()) < 0) return false;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    if (::sched_setaffinity(0, sizeof one, &one) != 0) return false;
    sched_param none{};
    idle_ = ::sched_setscheduler(0, SCHED_IDLE, &none) == 0;
    window_start_ns_ = now_ns();
    return idle_;
}

void IdleOnCpu::before_waiting() {
    if (idle_) last_waited_ns_ = waited_ns();
}

bool IdleOnCpu::after_waking() {
    if (!idle_) return false;
    int64_t waited = waited_ns();
    int64_t now = now_ns();
    if (now - window_start_ns_ > kWindowNs) {
        window_start_ns_ = now;
        waited_in_window_ns_ = 0;
    }
    if (waited < 0) return false;
    waited_in_window_ns_ += waited - last_waited_ns_;
    last_waited_ns_ = waited;
    if (waited_in_window_ns_ <= kMaxWaitNs) return true;
    window_start_ns_ = now;
    waited_in_window_ns_ = 0;
    return false;
}

}  // namespace squashrun::runtime
