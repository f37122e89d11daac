// The AppImage being run: its path, an open descriptor, its layout and payload checks.
#pragma once

#include <memory>
#include <string>

#include "core/format/byte_source.hpp"
#include "core/format/payload.hpp"
#include "core/result.hpp"

namespace squashrun::runtime {

struct AppImageFile {
    std::string path;  // absolute, symlinks resolved
    int fd = -1;       // close-on-exec; inherited by the mount server through fork
    uint64_t size = 0;
    core::Type2Layout layout;

    AppImageFile() = default;
    AppImageFile(const AppImageFile&) = delete;
    AppImageFile& operator=(const AppImageFile&) = delete;
    AppImageFile(AppImageFile&& other) noexcept;
    AppImageFile& operator=(AppImageFile&&) = delete;
    ~AppImageFile();

    core::FileSource source() const { return core::FileSource(fd, size); }
    // Where the payload's readers (mount, extraction) read: the file itself, or for a signed
    // file its checked chunks (set by check_signature). Shareable with readers that outlive
    // this call (not this object).
    std::shared_ptr<const core::ByteSource> shared_source() const {
        if (payload_reader) return payload_reader;
        return std::make_shared<core::FileSource>(fd, size);
    }
    std::shared_ptr<const core::ByteSource> payload_reader;
    // What the payload's content is vouched by ("signed <table hash>", "unchecked" when
    // SQUASHRUN_VERIFY=off, "" unsigned): part of the extraction cache's key and the shared
    // mount's name, so a tree or a mount made without checks never serves a checked launch.
    std::string trust_tag;
};

// `target` ($TARGET_APPIMAGE) when not empty, resolved; else this executable.
core::Result<std::string> locate_appimage(const std::string& target);

// Opens `path` and reads its ELF layout and type 2 magic. Errors name the file.
core::Result<AppImageFile> open_appimage(const std::string& path);

// Checks the squashfs payload: present, complete, a compression this runtime can read.
core::Result<core::Superblock> check_payload(const AppImageFile& image);

}  // namespace squashrun::runtime
