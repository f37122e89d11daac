// SquashfsTree: lookups, listings and reads through the runtime's image reader.
#include "squashfs_tree.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/format/byte_source.hpp"
#include "os/unique_fd.hpp"
#include "runtime/image/reader.hpp"

namespace squashrun::mkappimage {

using runtime::EntryKind;

namespace {

// A FileSource that keeps its descriptor open as long as a reader uses it.
class OwnedFileSource final : public core::ByteSource {
  public:
    OwnedFileSource(os::UniqueFd fd, uint64_t size) : fd_(std::move(fd)), file_(fd_.get(), size) {}
    uint64_t size() const override { return file_.size(); }
    core::Status read_exact(uint64_t offset, std::span<std::byte> out) const override {
        return file_.read_exact(offset, out);
    }

  private:
    os::UniqueFd fd_;
    core::FileSource file_;
};

}  // namespace

struct SquashfsTree::State {
    std::unique_ptr<runtime::SquashfsImage> image;
    std::optional<runtime::ImageEntry> entry(const std::string& path) const {
        auto found = image->lookup(path);
        return found ? *found : std::nullopt;
    }
};

core::Result<std::unique_ptr<SquashfsTree>> SquashfsTree::open(const std::string& path,
                                                               uint64_t offset,
                                                               const std::string& shown) {
    std::unique_ptr<SquashfsTree> tree(new SquashfsTree);
    tree->image_ = shown.empty() ? path : shown;
    os::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (!fd || ::fstat(fd.get(), &st) != 0) {
        return core::make_error(path + ": " + std::strerror(errno));
    }
    auto source =
        std::make_shared<OwnedFileSource>(std::move(fd), static_cast<uint64_t>(st.st_size));
    auto image = runtime::SquashfsImage::open(std::move(source), offset);
    if (!image) return core::make_error(path + ": not a squashfs image this tool can read");
    tree->state_ = std::make_unique<State>(State{std::move(*image)});
    return tree;
}

SquashfsTree::~SquashfsTree() = default;

std::string SquashfsTree::where(const std::string& path) const {
    return image_ + ":" + (path.empty() ? "/" : path);
}

Node SquashfsTree::lookup(const std::string& path) const {
    Node node;
    auto entry = state_->entry(path);
    if (!entry) return node;
    node.mode = entry->mode;
    switch (entry->kind) {
        case EntryKind::directory:
            node.type = NodeType::directory;
            break;
        case EntryKind::file:
            node.type = NodeType::file;
            break;
        case EntryKind::symlink:
            node.type = NodeType::symlink;
            node.link_target = entry->link_target;
            break;
        default:
            node.type = NodeType::other;
    }
    return node;
}

std::vector<std::string> SquashfsTree::list(const std::string& dir_path) const {
    std::vector<std::string> names;
    auto dir = state_->entry(dir_path);
    if (!dir || dir->kind != EntryKind::directory) return names;
    auto listed = state_->image->list_names(*dir);
    return listed ? std::move(*listed) : names;
}

core::Result<std::string> SquashfsTree::read(const std::string& path, size_t limit) const {
    auto entry = state_->entry(path);
    if (!entry) return core::make_error(where(path) + ": missing");
    if (entry->kind != EntryKind::file)
        return core::make_error(where(path) + ": not a regular file");
    std::string content(static_cast<size_t>(std::min<uint64_t>(entry->size, limit)), '\0');
    size_t done = 0;
    while (done < content.size()) {
        auto got = state_->image->read(*entry, done, std::span(content).subspan(done));
        if (!got || *got == 0) return core::make_error(where(path) + ": corrupt data");
        done += *got;
    }
    return content;
}

}  // namespace squashrun::mkappimage
