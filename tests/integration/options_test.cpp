// The --appimage-* options that print or prepare something.
#include <sys/stat.h>

#include "core/format/sections.hpp"
#include "os/elf_file.hpp"
#include "support.hpp"

namespace squashrun::test {
namespace {

using Options = AppImageTest;

std::span<const std::byte> as_bytes(const std::string& s) {
    return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

TEST_F(Options, OffsetIsTheRuntimeSize) {
    std::string app = make_app("exit 0");
    auto result = run(command(app, {"--appimage-offset"}));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    struct stat st {};
    ASSERT_EQ(::stat(runtime_path().c_str(), &st), 0);
    EXPECT_EQ(result.out, std::to_string(st.st_size) + "\n");
    // unsquashfs reads the payload at that offset.
    auto listing =
        run(Command::of({"/usr/bin/unsquashfs", "-o", std::to_string(st.st_size), "-l", app}));
    EXPECT_NE(listing.out.find("squashfs-root/AppRun"), std::string::npos) << listing.describe();
}

TEST_F(Options, UpdateInformationAndSignatureReadBack) {
    std::string app = make_app("exit 0");
    auto empty = run(command(app, {"--appimage-updateinformation"}));
    EXPECT_EQ(empty.exit_code(), 0);
    EXPECT_EQ(empty.out, "\n");
    const std::string info = "gh-releases-zsync|owner|repo|latest|App-*x86_64.AppImage.zsync";
    ASSERT_TRUE(os::patch_section(app, core::kUpdateInfoSection, as_bytes(info)));
    ASSERT_TRUE(os::patch_section(app, core::kSignatureSection, as_bytes("SIGNATURE")));
    auto updated = run(command(app, {"--appimage-updateinformation"}));
    EXPECT_EQ(updated.out, info + "\n") << updated.describe();
    auto signature = run(command(app, {"--appimage-signature"}));
    EXPECT_EQ(signature.out, "SIGNATURE\n") << signature.describe();
    // Patching the runtime's sections left the payload intact.
    SQUASHRUN_REQUIRE_FUSE();
    EXPECT_EQ(run(command(app)).exit_code(), 0);
}

TEST_F(Options, VersionAndHelp) {
    std::string app = make_app("exit 0");
    auto version = run(command(app, {"--appimage-version"}));
    EXPECT_EQ(version.exit_code(), 0);
    EXPECT_EQ(version.out.rfind("squashrun ", 0), 0U) << version.out;
    auto help = run(command(app, {"--appimage-help"}));
    EXPECT_EQ(help.exit_code(), 0);
    for (const char* word : {"--appimage-mount", "--appimage-offset", "--appimage-portable-home",
                             "--appimage-signature", "TARGET_APPIMAGE", "127"}) {
        EXPECT_NE(help.out.find(word), std::string::npos) << word;
    }
    EXPECT_EQ(help.err, "");
}

TEST_F(Options, UnknownOptionIsAnError) {
    std::string app = make_app("echo ran");
    auto result = run(command(app, {"--appimage-frobnicate"}));
    EXPECT_EQ(result.exit_code(), 2);
    EXPECT_EQ(result.out, "");
    EXPECT_NE(result.err.find("--appimage-frobnicate"), std::string::npos);
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1);
}

TEST_F(Options, PortableHomeAndConfig) {
    std::string app = make_app("printf '%s\\n%s\\n' \"$HOME\" \"$XDG_CONFIG_HOME\"");
    EXPECT_EQ(run(command(app, {"--appimage-portable-home"})).exit_code(), 0);
    struct stat st {};
    ASSERT_EQ(::stat((app + ".home").c_str(), &st), 0);
    EXPECT_TRUE(S_ISDIR(st.st_mode));
    EXPECT_EQ(run(command(app, {"--appimage-portable-config"})).exit_code(), 0);
    ASSERT_EQ(::stat((app + ".config").c_str(), &st), 0);
    SQUASHRUN_REQUIRE_FUSE();
    auto result = run(command(app));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(result.out, app + ".home\n" + app + ".config\n");
}

}  // namespace
}  // namespace squashrun::test
