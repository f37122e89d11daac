// Extraction by the runtime, then python-appimage's layout checked and its entry removed.
#include "python_base_image.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include "../process.hpp"
#include "os/environment.hpp"
#include "os/files.hpp"
#include "os/fs_ops.hpp"

namespace squashrun::mkappimage {
namespace {

bool is_executable(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111) != 0;
}

// opt/pythonX.Y/bin/pythonX.Y, the interpreter of python-appimage's images.
std::string find_interpreter(const std::string& appdir) {
    auto names = os::list_directory(appdir + "/opt");
    std::sort(names.begin(), names.end());
    for (const auto& name : names) {
        if (!name.starts_with("python3")) continue;
        std::string candidate = os::join_path(os::join_path(appdir + "/opt", name) + "/bin", name);
        if (is_executable(candidate)) return candidate;
    }
    return "";
}

}  // namespace

core::Result<std::string> unpack_base_image(const std::string& base_image,
                                            const std::string& runtime, const std::string& appdir,
                                            const std::string& work, const Settings& settings) {
    char resolved[PATH_MAX];
    if (::realpath(base_image.c_str(), resolved) == nullptr)
        return core::make_error("--base-image " + base_image + ": " + std::strerror(errno));
    std::vector<std::string> env = settings.tool_environment;
    os::set_variable(env, "TARGET_APPIMAGE", resolved);
    os::set_variable(env, "SQUASHRUN_VERIFY", "auto");
    auto extracted = run_program({runtime, "--appimage-extract"}, env, work);
    if (extracted.exit_code != 0) {
        return core::make_error("--base-image " + base_image +
                                ": cannot be extracted: " + last_line(extracted.output));
    }
    if (::rename((work + "/squashfs-root").c_str(), appdir.c_str()) != 0)
        return core::make_error(appdir + ": " + std::strerror(errno));
    std::string interpreter = find_interpreter(appdir);
    if (interpreter.empty()) {
        return core::make_error("--base-image " + base_image +
                                ": not a Python AppImage (no opt/pythonX.Y/bin/pythonX.Y, "
                                "python-appimage's layout)");
    }
    // The base image's own entry goes; the recipe brings the app's.
    for (const auto& name : os::list_directory(appdir)) {
        if (name == "AppRun" || name == ".DirIcon" || name.ends_with(".desktop") ||
            name.ends_with(".png") || name.ends_with(".svg")) {
            ::unlink(os::join_path(appdir, name).c_str());
        }
    }
    for (const char* dir : {"/usr/share/applications", "/usr/share/metainfo"}) {
        for (const auto& name : os::list_directory(appdir + dir)) {
            if (name.starts_with("python")) ::unlink(os::join_path(appdir + dir, name).c_str());
        }
    }
    return interpreter;
}

}  // namespace squashrun::mkappimage
