// A read-only view of an AppDir, either a directory or a squashfs image (--payload), so the
// same checks apply to both. Paths are relative to the AppDir root, '/'-separated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace squashrun::mkappimage {

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
    virtual std::vector<std::string> list(const std::string& dir) const = 0;
    // At most `limit` bytes of a regular file.
    virtual core::Result<std::string> read(const std::string& path, size_t limit) const = 0;
    // A path on the host file system for `path`, when there is one.
    virtual std::optional<std::string> host_path(const std::string& path) const = 0;
};

class DirectoryTree final : public TreeView {
  public:
    explicit DirectoryTree(std::string root) : root_(std::move(root)) {}
    std::string where(const std::string& path) const override;
    Node lookup(const std::string& path) const override;
    std::vector<std::string> list(const std::string& dir) const override;
    core::Result<std::string> read(const std::string& path, size_t limit) const override;
    std::optional<std::string> host_path(const std::string& path) const override;

  private:
    std::string root_;
};

// Follows symlinks inside the tree and returns the path they lead to. Fails for a missing
// entry, an absolute link, a link that climbs out of the root, or a loop.
core::Result<std::string> resolve(const TreeView& tree, const std::string& path);

}  // namespace squashrun::mkappimage
