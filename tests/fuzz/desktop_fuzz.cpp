// Fuzz target: desktop entries parsed, written back (which must read back the same), and
// rewritten for the menu (which must read back with no new group or key from a value).
#include "core/desktop/entry.hpp"
#include "core/desktop/exec_quote.hpp"
#include "core/desktop/integration.hpp"
#include "core/desktop/write.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace squashrun;
    auto text = fuzz::text(data, size);
    auto file = core::parse_desktop_file(text);
    if (!file) return 0;
    auto written = core::write_desktop_file(*file);
    if (written) {
        auto again = core::parse_desktop_file(*written);
        fuzz::require(again.ok(), "written text parses");
        fuzz::require(again->groups.size() == file->groups.size(), "the same groups read back");
        for (size_t i = 0; i < file->groups.size(); ++i) {
            const auto& before = file->groups[i];
            const auto& after = again->groups[i];
            fuzz::require(
                after.name == before.name && after.entries.size() == before.entries.size(),
                "the same group reads back");
            for (const auto& [key, raw] : before.entries)
                fuzz::require(after.value(key) == before.value(key), "the same value reads back");
        }
    }
    // The AppImage path comes from the input too: any bytes a file name may hold.
    std::string appimage = "/tmp/" + std::string(text.substr(0, 40)) + ".AppImage";
    if (appimage.find('\0') != std::string::npos) return 0;
    core::EntryRequest request{appimage, core::appimage_identifier(appimage), "app.desktop", {}};
    auto entry = core::integrate_desktop_entry(*file, request);
    if (entry) {
        auto menu = core::parse_desktop_file(entry->text);
        fuzz::require(menu.ok(), "the menu entry parses");
        fuzz::require(menu->groups.size() == file->groups.size(), "no group added");
        fuzz::require(menu->entry("TryExec") == appimage, "TryExec is the path");
    }
    (void)core::quote_exec_argument(text);
    return 0;
}
