// The squashfs payload: the mksquashfs command line and the inputs that shape it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace squashrun::mkappimage {

// The squashfs block size mkappimage uses unless told otherwise (the README says why).
inline constexpr const char* kDefaultBlockSize = "64K";

struct PayloadSpec {
    std::string appdir;
    std::string output;  // written from `offset` on; the bytes before are left as a hole
    uint64_t offset = 0;
    std::string compression = "zstd";
    std::string block_size = kDefaultBlockSize;
    std::optional<int64_t> epoch;  // SOURCE_DATE_EPOCH: every timestamp
    std::string exclude_file;      // mksquashfs -wildcards -ef FILE, or empty
    std::string dir_icon_target;   // add .DirIcon as a symlink to this path, or empty
};

// The argv for `mksquashfs`: all files owned by root, no xattrs, fixed times with an epoch,
// errors fatal, no output but errors.
std::vector<std::string> mksquashfs_arguments(const std::string& mksquashfs,
                                              const PayloadSpec& spec);

// The patterns of an .appimageignore file: one per line, blank lines and '#' comments skipped.
std::vector<std::string> parse_ignore_file(std::string_view text);

// The value of SOURCE_DATE_EPOCH ("" when unset): nothing when empty, else a non-negative
// integer, else an error naming the variable.
core::Result<std::optional<int64_t>> source_date_epoch(std::string_view value);

}  // namespace squashrun::mkappimage
