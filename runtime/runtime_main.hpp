// The runtime's entry point as a function: argv in, exit code out.
#pragma once

namespace squashrun::runtime {

int runtime_main(int argc, char** argv);

}  // namespace squashrun::runtime
