// mkappimage: AppDir in, AppImage out.
#pragma once

namespace squashrun::mkappimage {

// The whole program; returns the exit status (0 written, 1 failure, 2 usage).
int mkappimage_main(int argc, char** argv);

}  // namespace squashrun::mkappimage
