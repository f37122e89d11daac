// Desktop integration names and the entry rewrite, as libappimage lays them out.
#include "core/desktop/integration.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>

#include "core/desktop/exec_quote.hpp"
#include "core/desktop/md5.hpp"
#include "core/desktop/write.hpp"
#include "core/text/text.hpp"

namespace squashrun::core {
namespace {

constexpr std::string_view kVendorPrefix = "appimagekit";
constexpr std::string_view kMainGroup = "Desktop Entry";
constexpr std::string_view kActionPrefix = "Desktop Action ";

// The sizes hicolor's index.theme lists for applications' icons.
constexpr std::array<uint32_t, 13> kHicolorSizes = {16, 22, 24,  32,  36,  48, 64,
                                                    72, 96, 128, 192, 256, 512};

bool is_true(const std::optional<std::string>& value) {
    return value && trim(*value) == "true";
}

bool is_false(const std::optional<std::string>& value) {
    return value && trim(*value) == "false";
}

// "Name" or "Name[locale]" -> "" or "[locale]"; nullopt for other keys.
std::optional<std::string> locale_of(const std::string& key, std::string_view base) {
    if (key == base) return std::string();
    if (key.size() > base.size() + 2 && key.starts_with(base) && key[base.size()] == '[')
        return key.substr(base.size());
    return std::nullopt;
}

// The words that start the AppImage. GLib (gio, GNOME) looks for the program of an Exec=
// line before it expands %%, so it would never find a path holding '%'; such a path is
// started through /bin/sh as an argument, where %% is expanded like every other.
std::vector<std::string> command_for(const std::string& appimage) {
    if (appimage.find('%') == std::string::npos) return {appimage};
    return {"/bin/sh", "-c", "exec \"$0\" \"$@\"", appimage};
}

Status point_exec_at(DesktopGroup& group, const std::string& appimage) {
    auto exec = group.value("Exec");
    if (!exec) return {};
    auto rewritten = replace_exec_program(*exec, command_for(appimage));
    if (!rewritten) return make_error("[" + group.name + "] Exec: " + rewritten.message());
    set_desktop_value(group, "Exec", *rewritten);
    return {};
}

Status rename_icon(DesktopGroup& group, const std::string& id) {
    auto icon = group.value("Icon");
    if (!icon || icon->empty()) return {};
    if (icon->find('/') != std::string::npos) {
        return make_error("[" + group.name + "] Icon is a path (" + *icon + "), not an icon name");
    }
    set_desktop_value(group, "X-AppImage-Old-Icon", *icon);
    set_desktop_value(group, "Icon", integrated_file_name(id, *icon));
    return {};
}

void add_version_to_names(DesktopGroup& group, const std::string& version) {
    std::vector<std::pair<std::string, std::string>> names;  // locale, value
    for (const auto& [key, raw] : group.entries) {
        if (auto locale = locale_of(key, "Name")) names.emplace_back(*locale, raw);
    }
    for (const auto& [locale, raw] : names) {
        std::string name = unescape_desktop_value(raw);
        if (name.find(version) != std::string::npos) continue;
        set_desktop_value(group, "X-AppImage-Old-Name" + locale, name);
        std::string versioned = name;
        versioned.append(" (").append(version).append(")");
        set_desktop_value(group, "Name" + locale, versioned);
    }
}

bool is_plain_relative_path(std::string_view path) {
    if (path.empty() || path.front() == '/') return false;
    auto parts = split_nonempty(path, '/');
    return std::none_of(parts.begin(), parts.end(),
                        [](const std::string& part) { return part == "." || part == ".."; });
}

uint32_t big_endian_32(std::string_view bytes) {
    uint32_t value = 0;
    for (char c : bytes)
        value = value << 8 | static_cast<unsigned char>(c);
    return value;
}

}  // namespace

std::string appimage_identifier(std::string_view absolute_path) {
    return md5_hex("file://" + std::string(absolute_path));
}

std::string integration_prefix(std::string_view id) {
    return std::string(kVendorPrefix) + "_" + std::string(id);
}

std::string sanitize_file_name(std::string_view name) {
    std::string out(name);
    for (char& c : out) {
        bool safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_';
        if (!safe) c = '_';
    }
    return out;
}

std::string integrated_file_name(std::string_view id, std::string_view name) {
    return integration_prefix(id) + "_" + sanitize_file_name(name);
}

std::optional<std::string> integration_refusal(const DesktopFile& entry) {
    if (is_false(entry.entry("X-AppImage-Integrate")))
        return "its desktop file says X-AppImage-Integrate=false";
    if (is_true(entry.entry("NoDisplay")))
        return "its desktop file says NoDisplay=true (it is not meant for the menu)";
    return std::nullopt;
}

Result<IntegratedEntry> integrate_desktop_entry(const DesktopFile& entry,
                                                const EntryRequest& request) {
    auto name = entry.entry("Name");
    if (!name || trim(*name).empty()) return make_error("[Desktop Entry] has no Name");
    if (!entry.entry("Exec")) return make_error("[Desktop Entry] has no Exec");
    DesktopFile out = entry;
    for (DesktopGroup& group : out.groups) {
        bool main = group.name == kMainGroup;
        if (!main && !group.name.starts_with(kActionPrefix)) continue;
        if (auto st = point_exec_at(group, request.appimage); !st) return st.error();
        if (auto st = rename_icon(group, request.id); !st) return st.error();
        if (!main) continue;
        set_desktop_value(group, "TryExec", request.appimage);
        std::erase_if(group.entries, [](const auto& e) { return e.first == "DBusActivatable"; });
        if (auto version = group.value("X-AppImage-Version"); version && !version->empty())
            add_version_to_names(group, *version);
        set_desktop_value(group, "X-AppImage-Identifier", request.id);
        set_desktop_value(group, kSourceDesktopKey, request.source_name);
        std::string created;
        for (size_t i = 0; i < request.created_dirs.size(); ++i) {
            const std::string& dir = request.created_dirs[i];
            auto first = request.created_dirs.begin();
            if (std::find(first, first + static_cast<std::ptrdiff_t>(i), dir) == first + i)
                created.append(dir).append(";");
        }
        if (created.empty()) {
            std::erase_if(group.entries, [](const auto& e) { return e.first == kCreatedDirsKey; });
        } else {
            set_desktop_value(group, kCreatedDirsKey, created);
        }
    }
    auto text = write_desktop_file(out);
    if (!text) return text.error();
    return IntegratedEntry{
        integration_prefix(request.id) + "-" + sanitize_file_name(trim(*name)) + ".desktop",
        std::move(*text)};
}

std::vector<std::string> recorded_created_dirs(const DesktopFile& entry) {
    std::vector<std::string> dirs;
    if (auto value = entry.entry(kCreatedDirsKey)) {
        for (auto& dir : split_nonempty(*value, ';')) {
            if (is_plain_relative_path(dir)) dirs.push_back(std::move(dir));
        }
    }
    return dirs;
}

bool is_icon_size_dir(std::string_view name) {
    if (name == "scalable" || name == "symbolic") return true;
    auto digits = [](std::string_view s) {
        return !s.empty() && s.size() <= 4 &&
               std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    size_t at = name.find('@');
    if (at != std::string_view::npos) {
        if (!digits(name.substr(at + 1))) return false;
        name = name.substr(0, at);
    }
    size_t x = name.find('x');
    return x != std::string_view::npos && digits(name.substr(0, x)) &&
           name.substr(0, x) == name.substr(x + 1);
}

Result<IconPlacement> place_icon(std::string_view head) {
    constexpr std::string_view kPngSignature = "\x89PNG\r\n\x1a\n";
    if (head.starts_with(kPngSignature) && head.size() >= 24 && head.substr(12, 4) == "IHDR") {
        uint32_t width = big_endian_32(head.substr(16, 4));
        if (width == 0) return make_error("a PNG of width 0");
        uint32_t best = kHicolorSizes.front();
        for (uint32_t size : kHicolorSizes) {
            auto distance = [width](uint32_t s) { return s > width ? s - width : width - s; };
            if (distance(size) <= distance(best)) best = size;
        }
        std::string side = std::to_string(best);
        return IconPlacement{side + "x" + side, ".png"};
    }
    if (head.find("<svg") != std::string_view::npos) return IconPlacement{"scalable", ".svg"};
    return make_error("neither a PNG nor an SVG image");
}

}  // namespace squashrun::core
