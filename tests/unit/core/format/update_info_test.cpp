// Update information: the documented forms, and what tools cannot use.
#include "core/format/update_info.hpp"

#include <gtest/gtest.h>

namespace squashrun {
namespace {

TEST(UpdateInformation, AcceptsTheDocumentedForms) {
    for (const char* ok : {"zsync|https://example.org/App-latest-x86_64.AppImage.zsync",
                           "zsync|http://example.org/a.zsync",
                           "gh-releases-zsync|owner|repo|latest|App-*x86_64.AppImage.zsync",
                           "gh-releases-zsync|owner|repo|v1.2|App.AppImage.zsync",
                           "pling-v1-zsync|1234567|App-*-x86_64.AppImage"}) {
        auto st = core::check_update_information(ok);
        EXPECT_TRUE(st) << ok << ": " << (st ? "" : st.message());
    }
}

TEST(UpdateInformation, RejectsWhatToolsCannotUse) {
    const std::pair<std::string, const char*> cases[] = {
        {"zsync", "zsync needs 1 field after it"},
        {"zsync|https://", "with a host"},
        {"zsync|https://example.org/a b.zsync", "contains a space"},
        {"zsync|ftp://example.org/a.zsync", "http:// or https://"},
        {"gh-releases-zsync|owner|repo|latest", "needs 4 fields"},
        {"gh-releases-zsync|owner||latest|a.zsync", "field 2 is empty"},
        {"gh-releases-zsync|owner|repo|latest|App.AppImage", "must end in .zsync"},
        {"pling-v1-zsync|abc|App.AppImage", "content id must be a number"},
        {"bintray-zsync|a|b|c|d", "unknown transport 'bintray-zsync'"},
        {"", "unknown transport ''"},
        {"zsync|https://example.org/a\n.zsync", "control characters"},
        {"zsync|https://example.org/" + std::string(1100, 'a'), "longer than 1023 bytes"},
    };
    for (const auto& [text, error] : cases) {
        auto st = core::check_update_information(text);
        ASSERT_FALSE(st) << text;
        EXPECT_NE(st.message().find(error), std::string::npos) << st.message();
    }
}

}  // namespace
}  // namespace squashrun
