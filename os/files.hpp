// Reading small files and listing directories, for the runtime, AppRun and mkappimage.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace squashrun::os {

// Up to `limit` bytes of the file at `path`. With `follow_links` false, a symlink at `path`
// is an error. Errors read "<path>: <reason>".
core::Result<std::string> read_file(const std::string& path,
                                    size_t limit = std::numeric_limits<size_t>::max(),
                                    bool follow_links = true);

// The names in directory `dir` without "." and "..", unsorted; empty when it cannot be read.
std::vector<std::string> list_directory(const std::string& dir);

}  // namespace squashrun::os
