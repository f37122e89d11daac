// mkappimage: everything happens in mkappimage_main().
#include <sodium.h>

#include <cstdio>

#include "mkappimage.hpp"

int main(int argc, char** argv) {
    // libsodium's fastest code for this CPU, and its random source, before any key is made.
    if (sodium_init() < 0) {
        std::fputs("mkappimage: libsodium cannot start\n", stderr);
        return 1;
    }
    return squashrun::mkappimage::mkappimage_main(argc, argv);
}
