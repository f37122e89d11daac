// The interpreter's part of a Python AppDir: the interpreter, its standard library (what an
// app needs: no tests, GUI toolkit or ensurepip unless asked for), AppRun under the
// interpreter's names, and the shared libraries and loader of everything bundled.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../settings.hpp"
#include "core/python/bundle_config.hpp"
#include "core/result.hpp"
#include "python_probe.hpp"

namespace squashrun::mkappimage {

struct BundleLayout {
    std::string interpreter;  // relative to the AppDir, e.g. "usr/libexec/python3.11"
    std::string executable;   // "usr/bin/python3.11", a hard link to AppRun
    std::string site;         // "usr/local/lib/python3.11/dist-packages"
    // sys.executable (the interpreter's argv[0], from which it finds its prefix): the AppRun
    // link beside the standard library's usr/lib, else the interpreter itself.
    std::string argv0;
    std::string lib;  // the directory holding the standard library, e.g. "usr/lib"
};

// Where `install` goes in an AppDir.
BundleLayout bundle_layout(const PythonInstall& install);

// Copies AppRun into `appdir` and makes usr/bin/pythonX.Y and usr/bin/python3 hard links to
// it (replacing what is there): sys.executable and the interpreter's usual names start the
// bundled interpreter as apprun.conf says.
core::Status install_apprun(const std::string& appdir, const BundleLayout& layout,
                            const std::string& apprun);

// Copies the interpreter, the standard library and AppRun (install_apprun) into `appdir`,
// and makes the site directory.
// `keep` names left-out parts to keep (tkinter, idlelib, turtledemo, ensurepip, lib2to3,
// test). Returns the bytes of the standard library.
core::Result<uint64_t> bundle_interpreter(const PythonInstall& install, const std::string& appdir,
                                          const std::string& apprun,
                                          const std::vector<std::string>& keep);

struct BundledLibraries {
    size_t count = 0;
    uint64_t bytes = 0;
    std::string loader;        // "${APPDIR}/lib64/ld-linux-x86-64.so.2"
    std::string library_path;  // "${APPDIR}/lib/x86_64-linux-gnu"
};

// Copies the shared libraries (ldd's answer) of the interpreter and of every extension module
// in the AppDir into lib/<arch>-linux-gnu, with the dynamic loader and libgcc_s (which glibc
// loads at run time). A library ldd cannot find is an error naming the module.
core::Result<BundledLibraries> bundle_shared_libraries(const std::string& appdir,
                                                       const BundleLayout& layout,
                                                       const PythonInstall& install,
                                                       const Settings& settings);

}  // namespace squashrun::mkappimage
