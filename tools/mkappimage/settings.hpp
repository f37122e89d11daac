// What mkappimage takes from its environment, read once at its top (mkappimage_main) and
// passed down.
#pragma once

#include <string>
#include <vector>

namespace squashrun::mkappimage {

struct Settings {
    std::string temp_root;          // os::temp_root($TMPDIR)
    std::string path;               // $PATH, or os::kDefaultPath when unset
    std::string source_date_epoch;  // $SOURCE_DATE_EPOCH as given, "" when unset
    // The environment of the programs mkappimage runs (mksquashfs, desktop-file-validate,
    // zsyncmake): its own without SOURCE_DATE_EPOCH, which mksquashfs would read and then
    // refuse the explicit times mkappimage passes.
    std::vector<std::string> tool_environment;
};

// From `environment`, NAME=value entries as in environ.
Settings read_settings(const std::vector<std::string>& environment);

}  // namespace squashrun::mkappimage
