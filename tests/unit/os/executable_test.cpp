// find_executable over a PATH value, is_executable_file, the default PATH.
#include "os/executable.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <climits>

#include "scratch.hpp"

namespace squashrun::test {
namespace {

class ExecutableTest : public ScratchTest {
  protected:
    void SetUp() override {
        ScratchTest::SetUp();
        for (const char* sub : {"a", "b", "c"})
            ASSERT_EQ(::mkdir(at(sub).c_str(), 0755), 0);
    }
};

TEST_F(ExecutableTest, OnlyExecutableRegularFiles) {
    write(at("a/tool"), "#!/bin/sh\n", 0755);
    write(at("a/data"), "", 0644);
    ASSERT_EQ(::mkdir(at("a/directory").c_str(), 0755), 0);
    ASSERT_EQ(::symlink(at("a/tool").c_str(), at("a/link").c_str()), 0);
    ASSERT_EQ(::symlink(at("a/missing").c_str(), at("a/dangling").c_str()), 0);
    EXPECT_TRUE(os::is_executable_file(at("a/tool")));
    EXPECT_TRUE(os::is_executable_file(at("a/link")));
    EXPECT_FALSE(os::is_executable_file(at("a/directory")));
    EXPECT_FALSE(os::is_executable_file(at("a/dangling")));
    EXPECT_FALSE(os::is_executable_file(at("a/missing")));
    if (::geteuid() != 0) {
        EXPECT_FALSE(os::is_executable_file(at("a/data")));
    }
}

TEST_F(ExecutableTest, FirstMatchInPathOrder) {
    write(at("b/tool"), "", 0755);
    write(at("c/tool"), "", 0755);
    std::string path = at("a") + ":" + at("b") + ":" + at("c");
    EXPECT_EQ(os::find_executable("tool", path), at("b/tool"));
    EXPECT_EQ(os::find_executable("tool", at("c") + ":" + at("b")), at("c/tool"));
    EXPECT_EQ(os::find_executable("other", path), std::nullopt);
    EXPECT_EQ(os::find_executable("", path), std::nullopt);
    EXPECT_EQ(os::find_executable("tool", ""), std::nullopt);
}

TEST_F(ExecutableTest, SkipsWhatCannotRun) {
    ASSERT_EQ(::mkdir(at("a/tool").c_str(), 0755), 0);  // a directory with x bits
    write(at("b/tool"), "", 0644);
    write(at("c/tool"), "", 0755);
    std::string path = at("a") + ":" + at("b") + ":" + at("c");
    EXPECT_EQ(os::find_executable("tool", path), at("c/tool"));
}

TEST_F(ExecutableTest, NeverTheWorkingDirectory) {
    write(at("a/tool"), "", 0755);
    char saved[PATH_MAX];
    ASSERT_NE(::getcwd(saved, sizeof saved), nullptr);
    ASSERT_EQ(::chdir(at("a").c_str()), 0);
    auto found = os::find_executable("tool", "::" + at("b") + ":");
    auto dot = os::find_executable("tool", "." + std::string(":") + at("b"));
    ASSERT_EQ(::chdir(saved), 0);
    EXPECT_EQ(found, std::nullopt) << "empty entries are skipped";
    EXPECT_EQ(dot, "./tool") << "an explicit . is the caller's choice";
}

TEST_F(ExecutableTest, ANameWithASlashIsNotSearched) {
    write(at("a/tool"), "", 0755);
    EXPECT_EQ(os::find_executable(at("a/tool"), at("b")), at("a/tool"));
    EXPECT_EQ(os::find_executable(at("b/tool"), at("a")), std::nullopt);
}

TEST(DefaultPath, FindsTheShell) {
    EXPECT_EQ(std::string(os::kDefaultPath), "/usr/local/bin:/usr/bin:/bin");
    auto sh = os::find_executable("sh", os::kDefaultPath);
    ASSERT_TRUE(sh);
    EXPECT_TRUE(*sh == "/usr/bin/sh" || *sh == "/bin/sh") << *sh;
}

}  // namespace
}  // namespace squashrun::test
