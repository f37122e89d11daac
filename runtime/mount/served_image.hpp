// The image a mount server serves: squashfuse instances over one source, lent one per request,
// so several threads can answer requests at once (squashfuse's caches are per instance).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "core/format/byte_source.hpp"
#include "core/result.hpp"
#include "runtime/image/source_handle.hpp"

struct sqfs;

namespace squashrun::runtime {

class ServedImage {
  public:
    // At most `max_instances` squashfuse instances are ever opened (one per serving thread);
    // the first is opened here, so a corrupt payload fails before anything is mounted.
    static core::Result<std::unique_ptr<ServedImage>> open(
        std::shared_ptr<const core::ByteSource> source, uint64_t offset, size_t max_instances,
        bool large_caches = true);
    ~ServedImage();
    ServedImage(const ServedImage&) = delete;
    ServedImage& operator=(const ServedImage&) = delete;

    struct Instance;
    // One instance, lent to a request until the Reader is destroyed; with its own buffer.
    class Reader {
      public:
        Reader(ServedImage* image, Instance* instance) : image_(image), instance_(instance) {}
        Reader(Reader&& other) noexcept;
        Reader(const Reader&) = delete;
        Reader& operator=(const Reader&) = delete;
        Reader& operator=(Reader&&) = delete;
        ~Reader();
        sqfs* fs() const;
        std::vector<char>& buffer() const;
        // Reads up to `size` bytes of the regular file at `inode_id` from `offset` into
        // buffer(): how many (0 at or past its end), or -errno.
        long read(uint64_t inode_id, uint64_t offset, size_t size) const;

      private:
        ServedImage* image_;
        Instance* instance_;
    };
    // A free instance, or a new one while fewer than max_instances exist; an error when all
    // are lent, which cannot happen while each serving thread borrows one at a time.
    core::Result<Reader> borrow();

    uint64_t root_inode_id() const { return root_id_; }
    bool has_xattrs() const { return has_xattrs_; }
    size_t instances_opened();

  private:
    ServedImage(SourceHandle handle, uint64_t offset, size_t max_instances, bool large_caches);
    core::Result<Instance*> open_instance();
    void give_back(Instance* instance);

    SourceHandle handle_;  // outlives the instances (declared first, destroyed last)
    uint64_t offset_;
    size_t max_instances_;
    bool large_caches_;
    uint64_t root_id_ = 0;
    bool has_xattrs_ = false;
    std::mutex lock_;
    std::vector<std::unique_ptr<Instance>> all_;
    std::vector<Instance*> free_;
};

}  // namespace squashrun::runtime
