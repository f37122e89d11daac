// StagedFiles: nothing appears until commit, everything appears at commit, and a failure or
// an abandoned change leaves the tree as it was.
#include "os/staged_files.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "os/files.hpp"
#include "scratch.hpp"

namespace squashrun::test {
namespace {

using StagedFilesTest = ScratchTest;

std::vector<std::string> sorted_list(const std::string& dir) {
    auto names = os::list_directory(dir);
    std::sort(names.begin(), names.end());
    return names;
}

TEST_F(StagedFilesTest, FilesAppearOnlyAtCommit) {
    ASSERT_EQ(::mkdir(at("share").c_str(), 0755), 0);
    os::StagedFiles staged(at("share"));
    ASSERT_TRUE(staged.add("icons/hicolor/48x48/apps/a.png", "png", 0644));
    ASSERT_TRUE(staged.add("applications/a.desktop", "entry", 0640));
    EXPECT_FALSE(os::read_file(at("share/applications/a.desktop")));
    EXPECT_EQ(staged.created_dirs(),
              (std::vector<std::string>{"icons", "icons/hicolor", "icons/hicolor/48x48",
                                        "icons/hicolor/48x48/apps", "applications"}));
    ASSERT_TRUE(staged.commit());
    EXPECT_EQ(os::read_file(at("share/applications/a.desktop")).value(), "entry");
    EXPECT_EQ(os::read_file(at("share/icons/hicolor/48x48/apps/a.png")).value(), "png");
    EXPECT_EQ(sorted_list(at("share/applications")), std::vector<std::string>{"a.desktop"});
    struct stat st {};
    ASSERT_EQ(::stat(at("share/applications/a.desktop").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0640U);
}

TEST_F(StagedFilesTest, AnAbandonedChangeLeavesNothing) {
    ASSERT_EQ(::mkdir(at("share").c_str(), 0755), 0);
    ASSERT_EQ(::mkdir(at("share/applications").c_str(), 0755), 0);
    write(at("share/applications/keep.desktop"), "theirs");
    {
        os::StagedFiles staged(at("share"));
        ASSERT_TRUE(staged.add("applications/new.desktop", "ours", 0644));
        ASSERT_TRUE(staged.add("mime/packages/x.xml", "xml", 0644));
        EXPECT_EQ(staged.created_dirs(), (std::vector<std::string>{"mime", "mime/packages"}));
    }
    EXPECT_EQ(sorted_list(at("share")), std::vector<std::string>{"applications"});
    EXPECT_EQ(sorted_list(at("share/applications")), std::vector<std::string>{"keep.desktop"});
}

TEST_F(StagedFilesTest, AFailedCommitRemovesWhatItRenamed) {
    ASSERT_EQ(::mkdir(at("share").c_str(), 0755), 0);
    os::StagedFiles staged(at("share"));
    ASSERT_TRUE(staged.add("applications/first.desktop", "1", 0644));
    ASSERT_TRUE(staged.add("icons/second.png", "2", 0644));
    // The second target turns into a non-empty directory before the commit: rename fails.
    ASSERT_EQ(::mkdir(at("share/icons/second.png").c_str(), 0755), 0);
    write(at("share/icons/second.png/x"), "x");
    auto status = staged.commit();
    ASSERT_FALSE(status);
    EXPECT_NE(status.message().find("second.png"), std::string::npos) << status.message();
    EXPECT_FALSE(os::read_file(at("share/applications/first.desktop")));
    EXPECT_EQ(sorted_list(at("share")), std::vector<std::string>{"icons"});
    EXPECT_EQ(sorted_list(at("share/icons")), std::vector<std::string>{"second.png"});
}

TEST_F(StagedFilesTest, AFileWhereADirectoryShouldBeIsAnError) {
    ASSERT_EQ(::mkdir(at("share").c_str(), 0755), 0);
    write(at("share/applications"), "a file");
    os::StagedFiles staged(at("share"));
    auto status = staged.add("applications/a.desktop", "entry", 0644);
    ASSERT_FALSE(status);
    EXPECT_EQ(status.message(), at("share/applications") + ": not a directory");
}

}  // namespace
}  // namespace squashrun::test
