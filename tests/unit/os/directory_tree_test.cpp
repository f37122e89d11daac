// DirectoryTree: a real directory through the TreeView interface.
#include "os/directory_tree.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace squashrun {
namespace {

using Strings = std::vector<std::string>;

class DirectoryTreeTest : public testing::Test {
  protected:
    void SetUp() override {
        const char* tmp = std::getenv("TMPDIR");
        root_ = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/dirtree.XXXXXX";
        ASSERT_NE(::mkdtemp(root_.data()), nullptr);
    }
    void TearDown() override { std::filesystem::remove_all(root_); }

    void write(const std::string& path, const std::string& content, mode_t mode) {
        std::string full = root_ + "/" + path;
        FILE* f = std::fopen(full.c_str(), "w");
        ASSERT_NE(f, nullptr) << full;
        std::fwrite(content.data(), 1, content.size(), f);
        std::fclose(f);
        ASSERT_EQ(::chmod(full.c_str(), mode), 0);
    }

    std::string root_;
};

TEST_F(DirectoryTreeTest, LooksUpListsAndReadsBelowTheRoot) {
    ASSERT_EQ(::mkdir((root_ + "/usr").c_str(), 0755), 0);
    write("AppRun", "#!/bin/sh\n", 0750);
    ASSERT_EQ(::symlink("usr/bin/app", (root_ + "/link").c_str()), 0);
    ASSERT_EQ(::mkfifo((root_ + "/fifo").c_str(), 0600), 0);
    os::DirectoryTree tree(root_);

    EXPECT_EQ(tree.where(""), root_);
    EXPECT_EQ(tree.where("usr/bin"), root_ + "/usr/bin");
    EXPECT_EQ(tree.host_path("AppRun"), root_ + "/AppRun");

    EXPECT_EQ(tree.lookup("").type, core::NodeType::directory);
    EXPECT_EQ(tree.lookup("usr").type, core::NodeType::directory);
    core::Node apprun = tree.lookup("AppRun");
    EXPECT_EQ(apprun.type, core::NodeType::file);
    EXPECT_EQ(apprun.mode, 0750U);
    core::Node link = tree.lookup("link");
    EXPECT_EQ(link.type, core::NodeType::symlink) << "links are not followed";
    EXPECT_EQ(link.link_target, "usr/bin/app");
    EXPECT_EQ(tree.lookup("fifo").type, core::NodeType::other);
    EXPECT_EQ(tree.lookup("missing").type, core::NodeType::missing);

    Strings names = tree.list("");
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (Strings{"AppRun", "fifo", "link", "usr"}));
    EXPECT_EQ(tree.list("missing"), Strings{});

    EXPECT_EQ(*tree.read("AppRun", 2), "#!");
    EXPECT_EQ(*tree.read("AppRun", 100), "#!/bin/sh\n");
    auto missing = tree.read("missing", 10);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.message().rfind(root_ + "/missing: ", 0), 0U) << missing.message();
}

}  // namespace
}  // namespace squashrun
