// An in-memory core::TreeView for tests of code that looks into AppDirs.
#pragma once

#include <map>
#include <string>

#include "core/format/tree.hpp"

namespace squashrun::test {

class MemoryTree final : public core::TreeView {
  public:
    // Each adds one entry, and the directories above it.
    MemoryTree& file(const std::string& path, const std::string& content = "",
                     uint32_t mode = 0644);
    MemoryTree& dir(const std::string& path);
    MemoryTree& link(const std::string& path, const std::string& target);
    MemoryTree& fifo(const std::string& path);

    // Paths are shown as "AppDir/<path>".
    std::string where(const std::string& path) const override;
    core::Node lookup(const std::string& path) const override;
    // In reverse order of the names, so that callers cannot rely on a sorted listing.
    std::vector<std::string> list(const std::string& dir) const override;
    core::Result<std::string> read(const std::string& path, size_t limit) const override;
    std::optional<std::string> host_path(const std::string&) const override { return {}; }

  private:
    struct Entry {
        core::Node node;
        std::string content;
    };
    void add(const std::string& path, Entry entry);
    std::map<std::string, Entry> entries_{{"", Entry{{core::NodeType::directory, 0755, ""}, ""}}};
};

}  // namespace squashrun::test
