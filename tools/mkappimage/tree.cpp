// DirectoryTree and symlink resolution confined to the tree.
#include "tree.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <deque>

#include "core/text/text.hpp"
#include "os/files.hpp"

namespace squashrun::mkappimage {
namespace {

constexpr int kMaxLinks = 40;

std::deque<std::string> components(const std::string& path) {
    auto parts = core::split_nonempty(path, '/');
    return {parts.begin(), parts.end()};
}

}  // namespace

std::string DirectoryTree::where(const std::string& path) const {
    return path.empty() ? root_ : root_ + "/" + path;
}

Node DirectoryTree::lookup(const std::string& path) const {
    struct stat st {};
    Node node;
    if (::lstat(where(path).c_str(), &st) != 0) return node;
    node.mode = st.st_mode & 07777;
    if (S_ISDIR(st.st_mode)) {
        node.type = NodeType::directory;
    } else if (S_ISREG(st.st_mode)) {
        node.type = NodeType::file;
    } else if (S_ISLNK(st.st_mode)) {
        node.type = NodeType::symlink;
        char target[PATH_MAX];
        ssize_t n = ::readlink(where(path).c_str(), target, sizeof target);
        node.link_target.assign(target, n > 0 ? static_cast<size_t>(n) : 0);
    } else {
        node.type = NodeType::other;
    }
    return node;
}

std::vector<std::string> DirectoryTree::list(const std::string& dir) const {
    return os::list_directory(where(dir));
}

core::Result<std::string> DirectoryTree::read(const std::string& path, size_t limit) const {
    return os::read_file(where(path), limit);
}

std::optional<std::string> DirectoryTree::host_path(const std::string& path) const {
    return where(path);
}

core::Result<std::string> resolve(const TreeView& tree, const std::string& path) {
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
            if (done.empty())
                return core::make_error(tree.where(path) + ": leads out of the AppDir");
            done.pop_back();
            continue;
        }
        done.push_back(part);
        Node node = tree.lookup(joined());
        if (node.type == NodeType::missing) {
            return core::make_error(
                tree.where(path) + ": " +
                (joined() == path ? "missing" : "leads to missing " + joined()));
        }
        if (node.type == NodeType::symlink) {
            if (++links > kMaxLinks) return core::make_error(tree.where(path) + ": symlink loop");
            if (node.link_target.starts_with("/")) {
                return core::make_error(tree.where(path) + ": absolute symlink to " +
                                        node.link_target + " (it would point into the host)");
            }
            done.pop_back();
            auto target = components(node.link_target);
            pending.insert(pending.begin(), target.begin(), target.end());
        } else if (node.type != NodeType::directory && !pending.empty()) {
            return core::make_error(tree.where(path) + ": " + joined() + " is not a directory");
        }
    }
    return joined();
}

}  // namespace squashrun::mkappimage
