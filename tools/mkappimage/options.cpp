// Option parsing: long options with a separate or "=" value, a few short ones.
#include "options.hpp"

#include <algorithm>
#include <array>

namespace squashrun::mkappimage {
namespace {

constexpr std::array kCompressions = {"zstd", "gzip", "xz", "lz4"};

bool valid_block_size(const std::string& size) {
    for (const char* ok : {"4K", "8K", "16K", "32K", "64K", "128K", "256K", "512K", "1M"}) {
        if (size == ok) return true;
    }
    return false;
}

}  // namespace

std::string usage_text() {
    return "Usage: mkappimage [OPTIONS] APPDIR [OUTPUT]\n"
           "       mkappimage [OPTIONS] --payload IMAGE.squashfs [OUTPUT]\n"
           "       mkappimage --generate-key FILE\n"
           "\n"
           "Checks APPDIR, packs it into a squashfs payload and writes OUTPUT (default:\n"
           "Name-Version-ARCH.AppImage from the desktop file, in the current directory).\n"
           "\n"
           "Options:\n"
           "  --comp ALGO              zstd (default), gzip, xz or lz4\n"
           "  --block-size SIZE        squashfs block size, 4K..1M (default 64K)\n"
           "  --exclude PATTERN        leave out matching paths (repeatable; mksquashfs\n"
           "                           wildcards, relative to APPDIR; '... PATTERN' matches\n"
           "                           at any depth); APPDIR/.appimageignore adds more, one\n"
           "                           per line\n"
           "  --payload FILE           append this squashfs image instead of packing APPDIR\n"
           "  --runtime FILE           use this runtime instead of the installed one\n"
           "  -u, --updateinformation STRING\n"
           "                           embed update information (zsync|URL,\n"
           "                           gh-releases-zsync|owner|repo|tag|file.zsync,\n"
           "                           pling-v1-zsync|id|file); writes OUTPUT.zsync too\n"
           "                           when zsyncmake is installed\n"
           "  --sign KEY               sign the AppImage with secret key KEY (from\n"
           "                           --generate-key, or an unencrypted minisign key);\n"
           "                           writes OUTPUT.minisig too, which minisign -V checks\n"
           "  --generate-key FILE      write a new key pair, FILE (secret, mode 0600) and\n"
           "                           FILE.pub (minisign's public key format), and exit\n"
           "  -h, --help               show this help\n"
           "      --version            show the version\n"
           "\n"
           "SOURCE_DATE_EPOCH (seconds) fixes every timestamp: the same AppDir then gives a\n"
           "byte-identical file. Exit status: 0 written, 1 invalid input or failed build,\n"
           "2 bad usage.\n";
}

std::pair<std::string, std::optional<std::string>> split_inline_value(const std::string& arg) {
    size_t equals = arg.find('=');
    if (!arg.starts_with("--") || equals == std::string::npos) return {arg, std::nullopt};
    return {arg.substr(0, equals), arg.substr(equals + 1)};
}

core::Result<Options> parse_options(int argc, char** argv) {
    Options o;
    std::vector<std::string> positional;
    for (int i = 1; i < argc; ++i) {
        auto [arg, inline_value] = split_inline_value(argv[i]);
        auto take = [&](const std::string& name) -> core::Result<std::string> {
            if (inline_value) return *inline_value;
            if (i + 1 >= argc) return core::make_error(name + " needs a value");
            return std::string(argv[++i]);
        };
        core::Result<std::string> taken = std::string();
        if (arg == "-h" || arg == "--help") {
            o.help = true;
        } else if (arg == "--version") {
            o.version = true;
        } else if (arg == "--comp") {
            if (!(taken = take(arg))) return taken.error();
            o.compression = *taken;
            if (std::find(kCompressions.begin(), kCompressions.end(), o.compression) ==
                kCompressions.end()) {
                return core::make_error("--comp: unknown compression '" + o.compression +
                                        "' (zstd, gzip, xz or lz4)");
            }
        } else if (arg == "--block-size") {
            if (!(taken = take(arg))) return taken.error();
            o.block_size = *taken;
            if (!valid_block_size(o.block_size)) {
                return core::make_error("--block-size: use a power of two from 4K to 1M, e.g. 64K");
            }
        } else if (arg == "--exclude") {
            if (!(taken = take(arg))) return taken.error();
            o.excludes.push_back(*taken);
        } else if (arg == "--payload") {
            if (!(taken = take(arg))) return taken.error();
            o.payload = *taken;
        } else if (arg == "--runtime") {
            if (!(taken = take(arg))) return taken.error();
            o.runtime = *taken;
        } else if (arg == "-u" || arg == "--updateinformation") {
            if (!(taken = take(arg))) return taken.error();
            o.update_information = *taken;
        } else if (arg == "--generate-key") {
            if (!(taken = take(arg))) return taken.error();
            o.generate_key = *taken;
        } else if (arg == "--sign") {
            if (!(taken = take(arg))) return taken.error();
            o.sign_key = *taken;
        } else if (arg == "--") {
            for (++i; i < argc; ++i)
                positional.emplace_back(argv[i]);
        } else if (arg.starts_with("-") && arg != "-") {
            return core::make_error("unknown option " + arg);
        } else {
            positional.push_back(arg);
        }
    }
    if (o.help || o.version) return o;
    if (!o.generate_key.empty()) {
        if (!positional.empty() || !o.payload.empty() || !o.sign_key.empty()) {
            return core::make_error("--generate-key FILE takes no other arguments");
        }
        return o;
    }
    size_t needed = o.payload.empty() ? 1 : 0;
    if (positional.size() < needed || positional.size() > needed + 1) {
        return core::make_error(o.payload.empty() ? "expected APPDIR [OUTPUT]"
                                                  : "with --payload, expected only [OUTPUT]");
    }
    if (!o.payload.empty() &&
        (!o.excludes.empty() || o.compression != "zstd" || o.block_size != kDefaultBlockSize)) {
        return core::make_error("--exclude, --comp and --block-size do not apply to --payload");
    }
    if (needed == 1) o.appdir = positional[0];
    if (positional.size() > needed) o.output = positional[needed];
    if (o.payload.empty()) {
        while (o.appdir.size() > 1 && o.appdir.back() == '/')
            o.appdir.pop_back();
    }
    return o;
}

}  // namespace squashrun::mkappimage
