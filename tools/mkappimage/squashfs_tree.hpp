// A squashfs image (mkappimage --payload) seen as an AppDir tree, read with squashfuse's
// library (no mount).
#pragma once

#include <memory>
#include <string>

#include "core/format/tree.hpp"

namespace squashrun::mkappimage {

// The tree interface is core's; mkappimage's code names its types without the prefix.
using core::Node;
using core::NodeType;
using core::TreeView;

class SquashfsTree final : public TreeView {
  public:
    // Opens the squashfs image in `path` at byte `offset`; messages name it `shown`.
    static core::Result<std::unique_ptr<SquashfsTree>> open(const std::string& path,
                                                            uint64_t offset = 0,
                                                            const std::string& shown = "");
    ~SquashfsTree() override;
    SquashfsTree(const SquashfsTree&) = delete;
    SquashfsTree& operator=(const SquashfsTree&) = delete;

    std::string where(const std::string& path) const override;
    Node lookup(const std::string& path) const override;
    std::vector<std::string> list(const std::string& dir) const override;
    core::Result<std::string> read(const std::string& path, size_t limit) const override;
    std::optional<std::string> host_path(const std::string&) const override { return {}; }

  private:
    SquashfsTree() = default;
    struct State;
    std::unique_ptr<State> state_;
    std::string image_;
};

}  // namespace squashrun::mkappimage
