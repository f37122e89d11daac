// mkappimage: everything happens in mkappimage_main().
#include "mkappimage.hpp"

int main(int argc, char** argv) {
    return squashrun::mkappimage::mkappimage_main(argc, argv);
}
