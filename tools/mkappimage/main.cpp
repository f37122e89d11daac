#include "mkappimage.hpp"

int main(int argc, char** argv) {
    return squashrun::mkappimage::mkappimage_main(argc, argv);
}
