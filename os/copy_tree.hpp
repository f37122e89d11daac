// Copying files and directory trees as they are (modes, modification times, symlinks), for
// assembling an AppDir from parts of the host.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/result.hpp"

namespace squashrun::os {

// Copies the regular file `from` (links followed) to `to`, with its permission bits and
// modification time. An existing `to` is replaced. Errors read "<path>: <reason>".
core::Status copy_file(const std::string& from, const std::string& to);

// Whether an entry is copied: its path relative to the tree's root and whether it is a
// directory.
using CopyFilter = std::function<bool(const std::string& relative, bool directory)>;

// Copies directory `from` into `to` (made when missing): directories, regular files and
// symlinks (as symlinks), keeping modes and modification times; other kinds are left out.
// `keep` decides each entry (nullptr: all). Returns the bytes of the files copied.
core::Result<uint64_t> copy_tree(const std::string& from, const std::string& to,
                                 const CopyFilter& keep = nullptr);

}  // namespace squashrun::os
