// requirements.txt lines by kind, as python-appimage and pip read them.
#include "core/python/requirements.hpp"

#include <gtest/gtest.h>

namespace squashrun {
namespace {

TEST(Requirements, EachLineByKind) {
    auto parsed = core::parse_requirements(
        "# the app's needs\n"
        "--no-index\n"
        "--find-links ./wheels  # offline\n"
        "\n"
        "requests>=2.0\n"
        "./mypkg\n"
        "../dist/tool-1.0-py3-none-any.whl\n"
        "local+hello_py.data\n"
        "https://example.org/pkg.tar.gz\n");
    ASSERT_TRUE(parsed) << parsed.message();
    const std::vector<std::tuple<core::RequirementKind, std::string, size_t>> expected = {
        {core::RequirementKind::option, "--no-index", 2},
        {core::RequirementKind::option, "--find-links ./wheels", 3},
        {core::RequirementKind::package, "requests>=2.0", 5},
        {core::RequirementKind::local_path, "./mypkg", 6},
        {core::RequirementKind::local_path, "../dist/tool-1.0-py3-none-any.whl", 7},
        {core::RequirementKind::local_module, "hello_py.data", 8},
        {core::RequirementKind::package, "https://example.org/pkg.tar.gz", 9},
    };
    ASSERT_EQ(parsed->size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ((*parsed)[i].kind, std::get<0>(expected[i])) << i;
        EXPECT_EQ((*parsed)[i].text, std::get<1>(expected[i])) << i;
        EXPECT_EQ((*parsed)[i].line, std::get<2>(expected[i])) << i;
    }
}

TEST(Requirements, ALocalModuleMustBeAName) {
    auto parsed = core::parse_requirements("ok\nlocal+../escape\n");
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.message(), "line 2: local+../escape is not a module name");
}

}  // namespace
}  // namespace squashrun
