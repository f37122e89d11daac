// SquashfsImage over an image in memory: listing, lookup, reading, links, corrupt bytes.
#include "runtime/image/reader.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "memory_image.hpp"
#include "temp_tree.hpp"

namespace squashrun::runtime {
namespace {

using test::OwnedMemorySource;
using test::TempTree;
using test::write_text;

constexpr size_t kPrefix = 12345;  // an odd runtime size: offsets must be honoured

std::string pattern(size_t size) {
    std::string text(size, '\0');
    for (size_t i = 0; i < size; ++i)
        text[i] = static_cast<char>('a' + (i * 7 + i / 4096) % 26);
    return text;
}

class Reader : public testing::Test {
  protected:
    void SetUp() override {
        std::string app = tree_ / "app";
        ASSERT_EQ(::mkdir(app.c_str(), 0755), 0);
        ASSERT_EQ(::mkdir((app + "/usr").c_str(), 0755), 0);
        ASSERT_EQ(::mkdir((app + "/usr/bin").c_str(), 0755), 0);
        write_text(app + "/AppRun", "#!/bin/sh\necho hi\n");
        ASSERT_EQ(::chmod((app + "/AppRun").c_str(), 0755), 0);
        write_text(app + "/usr/bin/big", big_);
        write_text(app + "/empty", "");
        ASSERT_EQ(::symlink("usr/bin/big", (app + "/link").c_str()), 0);
        ASSERT_EQ(::link((app + "/usr/bin/big").c_str(), (app + "/hard").c_str()), 0);
        source_ = std::make_shared<OwnedMemorySource>(test::squashfs_of(app, kPrefix));
    }

    std::unique_ptr<SquashfsImage> open() {
        auto image = SquashfsImage::open(source_, kPrefix);
        EXPECT_TRUE(image) << image.message();
        return image ? std::move(*image) : nullptr;
    }

    std::string read_all(SquashfsImage& image, const ImageEntry& file) {
        std::string content(file.size, '\0');
        size_t done = 0;
        while (done < content.size()) {
            auto got = image.read(file, done, std::span(content).subspan(done));
            EXPECT_TRUE(got) << got.message();
            if (!got || *got == 0) break;
            done += *got;
        }
        return content.substr(0, done);
    }

    TempTree tree_;
    std::string big_ = pattern(300'000);
    std::shared_ptr<OwnedMemorySource> source_;
};

TEST_F(Reader, ListsTheRootInOrder) {
    auto image = open();
    ASSERT_TRUE(image);
    auto root = image->root();
    ASSERT_TRUE(root) << root.message();
    EXPECT_EQ(root->kind, EntryKind::directory);
    auto entries = image->list(*root);
    ASSERT_TRUE(entries) << entries.message();
    std::vector<std::string> names;
    for (const auto& e : *entries)
        names.push_back(e.name);
    EXPECT_EQ(names, (std::vector<std::string>{"AppRun", "empty", "hard", "link", "usr"}));
    EXPECT_GT(source_->reads(), 0U) << "squashfuse read through the seam";
}

TEST_F(Reader, LooksUpAndReadsFiles) {
    auto image = open();
    ASSERT_TRUE(image);
    auto big = image->lookup("usr/bin/big");
    ASSERT_TRUE(big) << big.message();
    ASSERT_TRUE(big->has_value());
    EXPECT_EQ((*big)->kind, EntryKind::file);
    EXPECT_EQ((*big)->name, "big");
    EXPECT_EQ((*big)->size, big_.size());
    EXPECT_EQ(read_all(*image, **big), big_);

    // A read from the middle, across block boundaries.
    std::string part(10'000, '\0');
    auto got = image->read(**big, 4000, part);
    ASSERT_TRUE(got) << got.message();
    ASSERT_GT(*got, 0U);
    EXPECT_EQ(part.substr(0, *got), big_.substr(4000, *got));
    // At or past the end: nothing, no error.
    auto end = image->read(**big, big_.size(), part);
    ASSERT_TRUE(end);
    EXPECT_EQ(*end, 0U);

    auto apprun = image->lookup("AppRun");
    ASSERT_TRUE(apprun && apprun->has_value());
    EXPECT_EQ((*apprun)->mode, 0755U);
    EXPECT_EQ(read_all(*image, **apprun), "#!/bin/sh\necho hi\n");
    auto empty = image->lookup("empty");
    ASSERT_TRUE(empty && empty->has_value());
    EXPECT_EQ((*empty)->size, 0U);
    EXPECT_EQ(read_all(*image, **empty), "");
}

TEST_F(Reader, MissingPathsAreNotErrors) {
    auto image = open();
    ASSERT_TRUE(image);
    for (const char* path : {"nothing", "usr/nothing", "AppRun/below-a-file", "usr/bin/big/x"}) {
        auto found = image->lookup(path);
        ASSERT_TRUE(found) << path << ": " << found.message();
        EXPECT_FALSE(found->has_value()) << path;
    }
    auto root = image->lookup("");
    ASSERT_TRUE(root && root->has_value());
    EXPECT_EQ((*root)->kind, EntryKind::directory);
    auto slashes = image->lookup("usr//bin/");
    ASSERT_TRUE(slashes && slashes->has_value());
    EXPECT_EQ((*slashes)->name, "bin");
}

TEST_F(Reader, SymlinksAreNotFollowedAndHardLinksShareAnInode) {
    auto image = open();
    ASSERT_TRUE(image);
    auto link = image->lookup("link");
    ASSERT_TRUE(link && link->has_value());
    EXPECT_EQ((*link)->kind, EntryKind::symlink);
    EXPECT_EQ((*link)->link_target, "usr/bin/big");
    auto hard = image->lookup("hard");
    auto big = image->lookup("usr/bin/big");
    ASSERT_TRUE(hard && hard->has_value() && big && big->has_value());
    EXPECT_EQ((*hard)->inode_number, (*big)->inode_number);
    auto dir = image->lookup("usr");
    ASSERT_TRUE(dir && dir->has_value());
    char buffer[16];
    EXPECT_FALSE(image->read(**dir, 0, buffer)) << "a directory has no content to read";
}

TEST_F(Reader, AWrongOffsetOrNoImageFailsToOpen) {
    EXPECT_FALSE(SquashfsImage::open(source_, kPrefix - 1));
    EXPECT_FALSE(SquashfsImage::open(source_, 0));
    auto tiny = std::make_shared<OwnedMemorySource>(std::vector<std::byte>(10));
    EXPECT_FALSE(SquashfsImage::open(tiny, 0));
}

TEST_F(Reader, CorruptDataIsAnErrorNotACrash) {
    // Overwrite the middle of the image, where the file data lies (the metadata and tables
    // are at the end): reading the big file must fail cleanly.
    auto& bytes = source_->bytes();
    size_t middle = kPrefix + (bytes.size() - kPrefix) / 3;
    std::fill(bytes.begin() + static_cast<ptrdiff_t>(middle),
              bytes.begin() + static_cast<ptrdiff_t>(middle + 2000), std::byte{0x5a});
    auto image = open();
    ASSERT_TRUE(image);
    auto big = image->lookup("usr/bin/big");
    ASSERT_TRUE(big && big->has_value());
    std::string content((*big)->size, '\0');
    bool failed = false;
    for (size_t done = 0; done < content.size();) {
        auto got = image->read(**big, done, std::span(content).subspan(done));
        if (!got || *got == 0) {
            failed = true;
            break;
        }
        done += *got;
    }
    EXPECT_TRUE(failed || content != big_) << "corrupt blocks never read back as the original";
}

TEST_F(Reader, TruncatedImagesFailCleanly) {
    auto& bytes = source_->bytes();
    for (size_t keep : {kPrefix + (bytes.size() - kPrefix) / 2, kPrefix + 96}) {
        std::vector<std::byte> cut(bytes.begin(), bytes.begin() + static_cast<ptrdiff_t>(keep));
        auto source = std::make_shared<OwnedMemorySource>(std::move(cut));
        auto image = SquashfsImage::open(source, kPrefix);
        bool all_read = false;
        if (image) {
            auto big = (*image)->lookup("usr/bin/big");
            all_read = big && big->has_value() && read_all(**image, **big) == big_;
        }
        EXPECT_FALSE(all_read) << "an image cut at " << keep << " cannot give the whole file";
    }
}

}  // namespace
}  // namespace squashrun::runtime
