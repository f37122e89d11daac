// Properties of the built runtime: static, small, reserved sections, magic.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/format/payload.hpp"
#include "core/format/sections.hpp"
#include "os/spawn.hpp"
#include "os/unique_fd.hpp"
#include "support.hpp"

namespace squashrun::test {
namespace {

using RuntimeBuild = AppImageTest;

TEST_F(RuntimeBuild, HasMagicSectionsAndSize) {
    std::string runtime = runtime_path();
    std::string bytes = read_file(runtime);
    if (!kSanitizedBuild) {
        EXPECT_LE(bytes.size(), 2U * 1000 * 1000) << "the stripped runtime must stay under 2 MB";
    }
    core::MemorySource source({reinterpret_cast<const std::byte*>(bytes.data()), bytes.size()});
    auto layout = core::read_type2_layout(source);
    ASSERT_TRUE(layout) << layout.message();
    for (auto [name, size] :
         {std::pair{core::kUpdateInfoSection, 1024U}, std::pair{core::kSignatureSection, 1024U},
          std::pair{core::kSigningKeySection, 8192U}}) {
        const auto* s = layout->elf.find_section(name);
        ASSERT_NE(s, nullptr) << name;
        EXPECT_EQ(s->size, size);
        EXPECT_EQ(bytes.substr(s->offset, s->size), std::string(size, '\0')) << name;
    }
    if (kSanitizedBuild) return;  // instrumented, hence dynamic: for this host only
    EXPECT_EQ(layout->elf.find_section(".interp"), nullptr) << "no dynamic loader";
    EXPECT_EQ(layout->elf.find_section(".dynamic"), nullptr) << "not dynamically linked";
}

TEST_F(RuntimeBuild, RunsInAnEmptyRoot) {
    if (::geteuid() != 0) GTEST_SKIP() << "chroot needs root";
    if (kSanitizedBuild) {
        GTEST_SKIP() << "the sanitized runtime is dynamic; the normal build runs the static one "
                        "in an empty root";
    }
    std::string jail = root_ + "/jail";
    ASSERT_EQ(::mkdir(jail.c_str(), 0755), 0);
    write_file(jail + "/runtime", read_file(runtime_path()), 0755);
    os::UniqueFd out(
        ::open((root_ + "/version.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    ASSERT_TRUE(out);
    // chroot(8) enters the jail and changes to its /, then runs the runtime there with an
    // empty environment.
    os::ProcessSpec spec;
    spec.argv = {"/usr/sbin/chroot", jail, "/runtime", "--appimage-version"};
    spec.out = os::Stdio::descriptor(out.get());
    auto ran = os::run(spec);
    ASSERT_TRUE(ran) << ran.message();
    ASSERT_TRUE(ran->status.exited());
    EXPECT_EQ(ran->status.exit_code(), 0);
    EXPECT_EQ(read_file(root_ + "/version.txt").rfind("squashrun ", 0), 0U);
}

}  // namespace
}  // namespace squashrun::test
