// Files written under one directory as a single change: every file is first written beside
// its target under a temporary name, then all are renamed into place. Until that succeeds,
// dropping the object removes what it wrote and the directories it created, so a full disk
// or an error half way leaves nothing behind.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace squashrun::os {

class StagedFiles {
  public:
    // Paths are relative to `root`, which must exist; directories below it are created as
    // needed.
    explicit StagedFiles(std::string root) : root_(std::move(root)) {}
    StagedFiles(const StagedFiles&) = delete;
    StagedFiles& operator=(const StagedFiles&) = delete;
    ~StagedFiles();

    // Creates the directory `dir` (and its missing parents, mode 0755) below the root,
    // noting each one created. Errors read "<path>: <reason>".
    core::Status make_dirs(const std::string& dir);
    // Writes `content` to a temporary file beside `path` (its directory made as above).
    core::Status add(const std::string& path, std::string_view content, mode_t mode);
    // Renames every file into place, in the order added. On failure, what was renamed and
    // what was not are removed, and so are the created directories.
    core::Status commit();

    // The directories make_dirs and add created, parents first, relative to the root.
    const std::vector<std::string>& created_dirs() const { return created_dirs_; }

  private:
    struct Staged {
        std::string temp;    // absolute
        std::string target;  // absolute
    };
    void roll_back(size_t renamed);
    std::string root_;
    std::vector<Staged> files_;
    std::vector<std::string> created_dirs_;
    bool committed_ = false;
};

}  // namespace squashrun::os
