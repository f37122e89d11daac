// Symlink resolution confined to a TreeView: the same rule for a directory and an image.
#include "core/format/tree.hpp"

#include <deque>

#include "core/text/text.hpp"

namespace squashrun::core {
namespace {

constexpr int kMaxLinks = 40;

std::deque<std::string> components(const std::string& path) {
    auto parts = split_nonempty(path, '/');
    return {parts.begin(), parts.end()};
}

}  // namespace

Result<std::string> resolve(const TreeView& tree, const std::string& path) {
    std::deque<std::string> pending = components(path);
    std::vector<std::string> done;
    auto joined = [&done] {
        std::string out;
        for (const auto& part : done)
            out += (out.empty() ? "" : "/") + part;
        return out;
    };
    int links = 0;
    while (!pending.empty()) {
        std::string part = pending.front();
        pending.pop_front();
        if (part == ".") continue;
        if (part == "..") {
            if (done.empty()) return make_error(tree.where(path) + ": leads out of the AppDir");
            done.pop_back();
            continue;
        }
        done.push_back(part);
        Node node = tree.lookup(joined());
        if (node.type == NodeType::missing) {
            return make_error(tree.where(path) + ": " +
                              (joined() == path ? "missing" : "leads to missing " + joined()));
        }
        if (node.type == NodeType::symlink) {
            if (++links > kMaxLinks) return make_error(tree.where(path) + ": symlink loop");
            if (node.link_target.starts_with("/")) {
                return make_error(tree.where(path) + ": absolute symlink to " + node.link_target +
                                  " (it would point into the host)");
            }
            done.pop_back();
            auto target = components(node.link_target);
            pending.insert(pending.begin(), target.begin(), target.end());
        } else if (node.type != NodeType::directory && !pending.empty()) {
            return make_error(tree.where(path) + ": " + joined() + " is not a directory");
        }
    }
    return joined();
}

}  // namespace squashrun::core
