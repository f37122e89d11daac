// A directory on disk seen as a core::TreeView (an AppDir before it is packed, or a mounted or
// extracted one), so the desktop and AppDir lookups of core/ run over it.
#pragma once

#include <string>

#include "core/format/tree.hpp"

namespace squashrun::os {

class DirectoryTree final : public core::TreeView {
  public:
    // Messages name paths as "<root>/<path>".
    explicit DirectoryTree(std::string root) : root_(std::move(root)) {}
    std::string where(const std::string& path) const override;
    core::Node lookup(const std::string& path) const override;
    std::vector<std::string> list(const std::string& dir) const override;
    core::Result<std::string> read(const std::string& path, size_t limit) const override;
    std::optional<std::string> host_path(const std::string& path) const override;

  private:
    std::string root_;
};

}  // namespace squashrun::os
