// The runtime's entry point as a function: argv and the environment in, exit code out.
#pragma once

namespace squashrun::runtime {

// Reads the settings once, then runs the option or the app. An unexpected exception (out
// of memory, a thread that cannot start) becomes one line on stderr and exit code 127.
int runtime_main(int argc, char** argv, char** envp);

}  // namespace squashrun::runtime
