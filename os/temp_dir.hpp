// TempDir: a fresh private directory that is removed, with everything in it, when it goes.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace squashrun::os {

class TempDir {
  public:
    // Makes <parent>/<prefix>XXXXXX (random letters, mode 0700). Errors read
    // "cannot create a directory in <parent>: <reason>".
    static core::Result<TempDir> create(const std::string& parent, std::string_view prefix);

    TempDir(TempDir&& other) noexcept;
    TempDir& operator=(TempDir&& other) noexcept;
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir();

    const std::string& path() const { return path_; }

    // Keeps the directory on disk; returns its path and leaves this object empty.
    std::string release();

  private:
    explicit TempDir(std::string path) : path_(std::move(path)) {}
    void remove();
    std::string path_;  // empty: nothing to remove
};

}  // namespace squashrun::os
