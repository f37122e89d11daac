// mkappimage's command line.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "payload.hpp"

namespace squashrun::mkappimage {

struct Options {
    std::string appdir;                          // empty with --payload
    std::string output;                          // empty: Name-Version-ARCH.AppImage in the cwd
    std::string compression = "zstd";            // zstd, gzip, xz, lz4
    std::string block_size = kDefaultBlockSize;  // mksquashfs -b
    std::vector<std::string> excludes;           // --exclude patterns
    std::string payload;                         // --payload FILE
    std::string runtime;                         // --runtime FILE
    std::optional<std::string> update_information;
    std::string generate_key;  // --generate-key FILE: write a key pair, build nothing
    std::string sign_key;      // --sign KEY: sign the AppImage with this secret key
    bool help = false;
    bool version = false;
};

// A long option given as "--name=value" split into its name and value; any other argument
// as it is, without a value.
std::pair<std::string, std::optional<std::string>> split_inline_value(const std::string& arg);

// Parses argv; errors are usage errors (exit 2).
core::Result<Options> parse_options(int argc, char** argv);

std::string usage_text();

}  // namespace squashrun::mkappimage
