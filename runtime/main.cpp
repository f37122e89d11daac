// The static AppImage runtime: everything happens in runtime_main().
#include <unistd.h>

#include "runtime/runtime_main.hpp"

int main(int argc, char** argv) {
    return squashrun::runtime::runtime_main(argc, argv, environ);
}
