// AppRun: everything happens in apprun_main().
#include "apprun.hpp"

int main(int argc, char** argv) {
    return squashrun::apprun::apprun_main(argc, argv);
}
