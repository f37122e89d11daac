// Properties of the built runtime: static, small, reserved sections, magic.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/format/payload.hpp"
#include "core/format/sections.hpp"
#include "support.hpp"

namespace squashrun::test {
namespace {

using RuntimeBuild = AppImageTest;

TEST_F(RuntimeBuild, HasMagicSectionsAndSize) {
    std::string runtime = runtime_path();
    std::string bytes = read_file(runtime);
    EXPECT_LE(bytes.size(), 2U * 1000 * 1000) << "the stripped runtime must stay under 2 MB";
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
    EXPECT_EQ(layout->elf.find_section(".interp"), nullptr) << "no dynamic loader";
    EXPECT_EQ(layout->elf.find_section(".dynamic"), nullptr) << "not dynamically linked";
}

TEST_F(RuntimeBuild, RunsInAnEmptyRoot) {
    if (::geteuid() != 0) GTEST_SKIP() << "chroot needs root";
    std::string jail = root_ + "/jail";
    ASSERT_EQ(::mkdir(jail.c_str(), 0755), 0);
    write_file(jail + "/runtime", read_file(runtime_path()), 0755);
    pid_t pid = ::fork();
    if (pid == 0) {
        int out = ::open((root_ + "/version.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(out, 1);
        if (::chroot(jail.c_str()) != 0 || ::chdir("/") != 0) ::_exit(99);
        char arg0[] = "/runtime";
        char arg1[] = "--appimage-version";
        char* argv[] = {arg0, arg1, nullptr};
        char* envp[] = {nullptr};
        ::execve(argv[0], argv, envp);
        ::_exit(98);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_EQ(read_file(root_ + "/version.txt").rfind("squashrun ", 0), 0U);
}

}  // namespace
}  // namespace squashrun::test
