// The pool of squashfuse instances behind a mount.
#include "runtime/mount/served_image.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

extern "C" {
#include <squashfuse/squashfuse.h>
}

#include "runtime/image/reader.hpp"

namespace squashrun::runtime {
namespace {

// squashfuse's own caches hold 8 metadata blocks, 1 data block and 3 fragment blocks: enough
// for one reader walking one file, not for a server answering a whole app. Each instance gets
// these instead; decompressed blocks are allocated as they are cached, so this bounds the
// instance's memory: about 1 MiB of metadata and 8 MiB of data and fragments.
constexpr size_t kMetadataBlocks = 128;  // of at most 8 KiB
constexpr size_t kDataBytes = 4u << 20;  // for each of the data and fragment caches
constexpr size_t kMinDataBlocks = 4;

// squashfuse frees a cache without clearing it; cleared, sqfs_destroy can free it again.
bool replace_cache(sqfs_cache& cache, size_t blocks) {
    sqfs_cache_destroy(&cache);
    cache = {};
    if (sqfs_block_cache_init(&cache, blocks) == SQFS_OK) return true;
    cache = {};
    return false;
}

bool enlarge_caches(sqfs& fs) {
    size_t blocks = std::max(kMinDataBlocks, kDataBytes / fs.sb.block_size);
    return replace_cache(fs.md_cache, kMetadataBlocks) && replace_cache(fs.data_cache, blocks) &&
           replace_cache(fs.frag_cache, blocks);
}

}  // namespace

struct ServedImage::Instance {
    sqfs fs{};
    bool ready = false;
    std::vector<char> buffer;  // replies are built here
    Instance() = default;
    Instance(const Instance&) = delete;
    Instance& operator=(const Instance&) = delete;
    ~Instance() {
        if (ready) destroy_squashfs(fs);
    }
};

ServedImage::Reader::Reader(Reader&& other) noexcept
    : image_(other.image_), instance_(other.instance_) {
    other.instance_ = nullptr;
}

ServedImage::Reader::~Reader() {
    if (instance_ != nullptr) image_->give_back(instance_);
}

sqfs* ServedImage::Reader::fs() const {
    return &instance_->fs;
}

std::vector<char>& ServedImage::Reader::buffer() const {
    return instance_->buffer;
}

long ServedImage::Reader::read(uint64_t inode_id, uint64_t offset, size_t size) const {
    sqfs_inode inode{};
    if (sqfs_inode_get(fs(), &inode, inode_id) != SQFS_OK) return -EIO;
    if (!S_ISREG(inode.base.mode)) return -EISDIR;
    uint64_t file_size = inode.xtra.reg.file_size;
    if (offset >= file_size || size == 0) return 0;
    auto length = static_cast<sqfs_off_t>(std::min<uint64_t>(size, file_size - offset));
    std::vector<char>& data = buffer();
    if (data.size() < static_cast<size_t>(length)) data.resize(static_cast<size_t>(length));
    if (sqfs_read_range(fs(), &inode, static_cast<sqfs_off_t>(offset), &length, data.data()) !=
        SQFS_OK) {
        return -EIO;
    }
    return static_cast<long>(length);
}

ServedImage::ServedImage(SourceHandle handle, uint64_t offset, size_t max_instances,
                         bool large_caches)
    : handle_(std::move(handle)),
      offset_(offset),
      max_instances_(max_instances),
      large_caches_(large_caches) {}

ServedImage::~ServedImage() {
    // Instances go before handle_ (members are destroyed in reverse order of declaration).
    free_.clear();
    all_.clear();
}

core::Result<std::unique_ptr<ServedImage>> ServedImage::open(
    std::shared_ptr<const core::ByteSource> source, uint64_t offset, size_t max_instances,
    bool large_caches) {
    auto handle = SourceHandle::open(std::move(source));
    if (!handle) return handle.error();
    std::unique_ptr<ServedImage> image(new ServedImage(
        std::move(*handle), offset, max_instances == 0 ? 1 : max_instances, large_caches));
    auto first = image->open_instance();
    if (!first) return first.error();
    image->root_id_ = sqfs_inode_root(&(*first)->fs);
    image->has_xattrs_ = (*first)->fs.xattr_info.xattr_ids != 0;
    image->free_.push_back(*first);
    return image;
}

core::Result<ServedImage::Instance*> ServedImage::open_instance() {
    auto instance = std::make_unique<Instance>();
    if (auto st = init_squashfs(instance->fs, handle_, offset_); !st) return st.error();
    instance->ready = true;
    if (large_caches_ && !enlarge_caches(instance->fs))
        return core::make_error("out of memory for the caches");
    all_.push_back(std::move(instance));
    return all_.back().get();
}

core::Result<ServedImage::Reader> ServedImage::borrow() {
    std::lock_guard<std::mutex> guard(lock_);
    if (free_.empty()) {
        if (all_.size() >= max_instances_) {
            return core::make_error("every squashfs reader is in use");
        }
        auto opened = open_instance();
        if (!opened) return opened.error();
        return Reader(this, *opened);
    }
    Instance* instance = free_.back();
    free_.pop_back();
    return Reader(this, instance);
}

void ServedImage::give_back(Instance* instance) {
    std::lock_guard<std::mutex> guard(lock_);
    free_.push_back(instance);
}

size_t ServedImage::instances_opened() {
    std::lock_guard<std::mutex> guard(lock_);
    return all_.size();
}

}  // namespace squashrun::runtime
