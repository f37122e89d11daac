// Small file system helpers shared by extraction and the cache: paths and removal.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "os/replace_file.hpp"  // replace_file was declared here before it got a module

namespace squashrun::os {

// dir + "/" + name.
std::string join_path(const std::string& dir, const std::string& name);

// Creates directory `relative` below the existing directory `root`, with its missing parents
// (mode 0755). Errors read "<path>: <reason>".
core::Status make_directories(const std::string& root, const std::string& relative);

// Removes `path` and everything below it without following symlinks (read-only directories
// are made writable first). Best effort: what cannot be removed stays.
void remove_tree(const std::string& path);

}  // namespace squashrun::os
