// ${...} expansion in AppRun values: known variables, host values, dollars.
#include "core/apprun/expand.hpp"

#include <gtest/gtest.h>

namespace squashrun {
namespace {

TEST(Expand, KnownVariablesHostValuesAndDollars) {
    core::ExpandContext context{"/app dir", "/home/me/App.AppImage", "app", "/work",
                                [](std::string_view name) -> std::optional<std::string> {
                                    if (name == "HOME") return "/home/me";
                                    return std::nullopt;
                                }};
    EXPECT_EQ(core::expand("${APPDIR}/usr/bin", context), "/app dir/usr/bin");
    EXPECT_EQ(core::expand("${APPIMAGE}|${ARGV0}|${OWD}", context),
              "/home/me/App.AppImage|app|/work");
    EXPECT_EQ(core::expand("${HOST_HOME}/x:${HOST_UNSET}", context), "/home/me/x:");
    EXPECT_EQ(core::expand("cost $$5 and $PATH stays", context), "cost $5 and $PATH stays");
    EXPECT_EQ(core::expand("$(rm -rf /) `id` *", context), "$(rm -rf /) `id` *");
}

}  // namespace
}  // namespace squashrun
