// A read-only view of an AppDir tree, whatever holds it (a directory, a squashfs image), so the
// same checks and lookups apply to all. Paths are relative to the root, '/'-separated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace squashrun::core {

enum class NodeType { missing, directory, file, symlink, other };

struct Node {
    NodeType type = NodeType::missing;
    uint32_t mode = 0;  // permission bits
    std::string link_target;
};

class TreeView {
  public:
    virtual ~TreeView() = default;
    // How to name `path` in messages (e.g. "MyApp.AppDir/AppRun").
    virtual std::string where(const std::string& path) const = 0;
    // The entry itself, symlinks not followed; "" is the root.
    virtual Node lookup(const std::string& path) const = 0;
    // The names in directory `dir`, unsorted; empty when it cannot be listed.
    virtual std::vector<std::string> list(const std::string& dir) const = 0;
    // At most `limit` bytes of a regular file.
    virtual Result<std::string> read(const std::string& path, size_t limit) const = 0;
    // A path on the host file system for `path`, when there is one.
    virtual std::optional<std::string> host_path(const std::string& path) const = 0;
};

// Follows symlinks inside the tree and returns the path they lead to. Fails for a missing
// entry, an absolute link, a link that climbs out of the root, or a loop.
Result<std::string> resolve(const TreeView& tree, const std::string& path);

}  // namespace squashrun::core
