// Small file system helpers shared by extraction and the cache.
#pragma once

#include <string>
#include <vector>

namespace squashrun::os {

// dir + "/" + name.
std::string join_path(const std::string& dir, const std::string& name);

// Removes `path` and everything below it without following symlinks (read-only directories
// are made writable first). Best effort: what cannot be removed stays.
void remove_tree(const std::string& path);

// Writes `content` to a temporary file beside `path`, then renames it over `path`.
bool replace_file(const std::string& path, const std::string& content);

}  // namespace squashrun::os
