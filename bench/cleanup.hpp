// Leaving nothing behind when a process benchmark is interrupted.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace squashrun::bench {

// Runs `work` in a child process and then, however the child ended (done, Ctrl-C, SIGTERM, a
// failed step), stops the processes started from files under `dirs` (mount servers), detaches
// whatever is still mounted under them (a kernel loop mount outlives every process) and
// removes them. SIGINT, SIGTERM and SIGHUP sent to this process are passed on to the child.
// Returns the child's exit status, or 128 + the signal that ended it.
int run_then_clean_up(const std::vector<std::string>& dirs, const std::function<int()>& work);

}  // namespace squashrun::bench
