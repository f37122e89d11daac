// Shared pieces of the process benchmarks: timed spawns, series statistics, temp trees.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace squashrun::bench {

// Timings of one kind of run, in milliseconds.
struct Series {
    std::string label;
    std::vector<double> ms;
    double median() const { return percentile(0.5); }
    double percentile(double p) const;
};

struct Spawn {
    std::vector<std::string> argv;
    std::vector<std::string> env;  // NAME=value added to (or replacing in) the environment
    std::string cwd;               // empty: the benchmark's own
};

// Runs the command to its exit (its stdout discarded) and returns the wall time in ms; exits the
// benchmark with a message when it fails to start or exits non-zero.
double time_spawn(const Spawn& spawn);

// Runs a shell command; exits the benchmark with a message when it fails.
void shell(const std::string& command);

// A fresh directory <parent>/<prefix>-XXXXXX.
std::string make_temp_dir(const std::string& parent, const std::string& prefix);

// Waits until no mount point lies under `dir` (the previous launch's server has finished).
void wait_for_no_mounts(const std::string& dir);

// Removes a benchmark's directory, retrying while mount servers still remove mount points.
void remove_dir(const std::string& dir);

// The processes whose argv[0] `match` accepts.
std::vector<int> processes_started_as(const std::function<bool(const std::string&)>& match);

// The mount servers of `appimage`: processes started as it (argv[0]) that hold /dev/fuse.
std::vector<int> mount_servers(const std::string& appimage);

// A process's resident memory in KiB (VmRSS), or -1.
long resident_kib(int pid);

// Prints median, p10 and p90 of each series.
void print_table(const std::vector<Series>& series);

}  // namespace squashrun::bench
