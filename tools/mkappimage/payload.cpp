// mksquashfs arguments, .appimageignore parsing, SOURCE_DATE_EPOCH.
#include "payload.hpp"

#include <charconv>

#include "core/text/text.hpp"

namespace squashrun::mkappimage {

std::vector<std::string> mksquashfs_arguments(const std::string& mksquashfs,
                                              const PayloadSpec& spec) {
    std::vector<std::string> args = {
        mksquashfs,  spec.appdir,  spec.output,      "-offset", std::to_string(spec.offset),
        "-noappend", "-comp",      spec.compression, "-b",      spec.block_size,
        "-all-root", "-no-xattrs", "-exit-on-error", "-quiet",  "-no-progress"};
    if (spec.epoch) {
        std::string time = std::to_string(*spec.epoch);
        args.insert(args.end(), {"-mkfs-time", time, "-all-time", time});
    }
    if (!spec.exclude_file.empty()) {
        args.insert(args.end(), {"-wildcards", "-ef", spec.exclude_file});
    }
    if (!spec.dir_icon_target.empty()) {
        args.insert(args.end(), {"-p", ".DirIcon s 0777 0 0 " + spec.dir_icon_target});
    }
    return args;
}

std::vector<std::string> parse_ignore_file(std::string_view text) {
    std::vector<std::string> patterns;
    while (!text.empty()) {
        std::string_view line = core::take_line(text);
        if (!line.empty() && line.front() != '#') patterns.emplace_back(line);
    }
    return patterns;
}

core::Result<std::optional<int64_t>> source_date_epoch(std::string_view v) {
    if (v.empty()) return std::optional<int64_t>();
    int64_t epoch = 0;
    auto [end, error] = std::from_chars(v.data(), v.data() + v.size(), epoch);
    if (error != std::errc() || end != v.data() + v.size() || epoch < 0 || epoch > 0xffffffffLL) {
        return core::make_error("SOURCE_DATE_EPOCH=" + std::string(v) +
                                ": not a number of seconds since 1970");
    }
    return std::optional<int64_t>(epoch);
}

}  // namespace squashrun::mkappimage
