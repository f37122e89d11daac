// MemoryTree: a map from paths to nodes, with directories made on the way.
#include "memory_tree.hpp"

#include <algorithm>

namespace squashrun::test {

void MemoryTree::add(const std::string& path, Entry entry) {
    for (size_t slash = path.find('/'); slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
        entries_.emplace(path.substr(0, slash), Entry{{core::NodeType::directory, 0755, ""}, ""});
    }
    entries_[path] = std::move(entry);
}

MemoryTree& MemoryTree::file(const std::string& path, const std::string& content, uint32_t mode) {
    add(path, Entry{{core::NodeType::file, mode, ""}, content});
    return *this;
}

MemoryTree& MemoryTree::dir(const std::string& path) {
    add(path, Entry{{core::NodeType::directory, 0755, ""}, ""});
    return *this;
}

MemoryTree& MemoryTree::link(const std::string& path, const std::string& target) {
    add(path, Entry{{core::NodeType::symlink, 0777, target}, ""});
    return *this;
}

MemoryTree& MemoryTree::fifo(const std::string& path) {
    add(path, Entry{{core::NodeType::other, 0644, ""}, ""});
    return *this;
}

std::string MemoryTree::where(const std::string& path) const {
    return path.empty() ? "AppDir" : "AppDir/" + path;
}

core::Node MemoryTree::lookup(const std::string& path) const {
    auto it = entries_.find(path);
    return it == entries_.end() ? core::Node{} : it->second.node;
}

std::vector<std::string> MemoryTree::list(const std::string& dir) const {
    std::vector<std::string> names;
    std::string prefix = dir.empty() ? "" : dir + "/";
    for (const auto& [path, entry] : entries_) {
        if (path.empty() || path == dir || !path.starts_with(prefix)) continue;
        std::string rest = path.substr(prefix.size());
        if (rest.find('/') == std::string::npos) names.push_back(rest);
    }
    std::reverse(names.begin(), names.end());
    return names;
}

core::Result<std::string> MemoryTree::read(const std::string& path, size_t limit) const {
    auto it = entries_.find(path);
    if (it == entries_.end()) return core::make_error(where(path) + ": missing");
    if (it->second.node.type != core::NodeType::file) {
        return core::make_error(where(path) + ": not a regular file");
    }
    return it->second.content.substr(0, limit);
}

}  // namespace squashrun::test
