// Portable directories: created by --appimage-portable-home/-config, honoured at launch.
#include "runtime/portable.hpp"

#include <sys/stat.h>

#include <cerrno>

#include "runtime/diag.hpp"

namespace squashrun::runtime {
namespace {
bool is_directory(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}
}  // namespace

std::string portable_dir(const std::string& appimage, const char* suffix) {
    return appimage + suffix;
}

core::Result<std::string> create_portable_dir(const std::string& appimage, const char* suffix) {
    std::string dir = portable_dir(appimage, suffix);
    if (::mkdir(dir.c_str(), 0755) != 0 && !(errno == EEXIST && is_directory(dir))) {
        return core::make_error(dir + ": " + errno_text());
    }
    return dir;
}

std::vector<std::pair<std::string, std::string>> portable_settings(const std::string& appimage) {
    std::vector<std::pair<std::string, std::string>> settings;
    if (std::string home = portable_dir(appimage, ".home"); is_directory(home)) {
        settings.emplace_back("HOME", home);
    }
    if (std::string config = portable_dir(appimage, ".config"); is_directory(config)) {
        settings.emplace_back("XDG_CONFIG_HOME", config);
    }
    return settings;
}

}  // namespace squashrun::runtime
