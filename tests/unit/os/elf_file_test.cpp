// Patching the reserved sections and writing the magic in a file on disk.
#include "os/elf_file.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "core/format/payload.hpp"
#include "core/format/sections.hpp"
#include "elf_builder.hpp"

namespace squashrun {
namespace {

class SectionsTest : public testing::Test {
  protected:
    void SetUp() override {
        char name[] = "/tmp/squashrun-sections-XXXXXX";
        int fd = ::mkstemp(name);
        ASSERT_GE(fd, 0);
        path_ = name;
        auto file = test::build_elf({{".upd_info", std::vector<std::byte>(32)},
                                     {".sha256_sig", std::vector<std::byte>(16)}});
        ASSERT_EQ(::write(fd, file.data(), file.size()), static_cast<ssize_t>(file.size()));
        ::close(fd);
    }
    void TearDown() override { ::unlink(path_.c_str()); }

    core::Result<std::string> read(std::string_view name) {
        int fd = ::open(path_.c_str(), O_RDONLY);
        struct stat st {};
        ::fstat(fd, &st);
        core::FileSource source(fd, static_cast<uint64_t>(st.st_size));
        auto elf = core::parse_elf(source);
        auto text = elf ? core::read_section_text(source, *elf, name)
                        : core::Result<std::string>(elf.error());
        ::close(fd);
        return text;
    }

    static std::vector<std::byte> bytes(std::string_view s) {
        return {reinterpret_cast<const std::byte*>(s.data()),
                reinterpret_cast<const std::byte*>(s.data()) + s.size()};
    }

    std::string path_;
};

TEST_F(SectionsTest, PatchThenRead) {
    ASSERT_EQ(read(".upd_info").value(), "");
    ASSERT_TRUE(os::patch_section(path_, ".upd_info", bytes("zsync|https://x/y.zsync")));
    EXPECT_EQ(read(".upd_info").value(), "zsync|https://x/y.zsync");
    // A shorter value replaces the longer one completely.
    ASSERT_TRUE(os::patch_section(path_, ".upd_info", bytes("short")));
    EXPECT_EQ(read(".upd_info").value(), "short");
    EXPECT_EQ(read(".sha256_sig").value(), "");
}

TEST_F(SectionsTest, RefusesTooLongOrMissing) {
    auto too_long = os::patch_section(path_, ".sha256_sig", bytes(std::string(17, 'x')));
    ASSERT_FALSE(too_long);
    EXPECT_NE(too_long.message().find(path_), std::string::npos);
    EXPECT_EQ(read(".sha256_sig").value(), "");
    EXPECT_FALSE(os::patch_section(path_, ".nope", bytes("x")));
    EXPECT_FALSE(read(".nope"));
}

TEST_F(SectionsTest, WritesMagic) {
    ASSERT_TRUE(os::write_type2_magic(path_));
    int fd = ::open(path_.c_str(), O_RDONLY);
    struct stat st {};
    ::fstat(fd, &st);
    core::FileSource source(fd, static_cast<uint64_t>(st.st_size));
    EXPECT_TRUE(core::check_type2_magic(source));
    ::close(fd);
}

TEST(Sections, MissingFileNamesThePath) {
    auto st = os::patch_section("/nonexistent/file", ".upd_info", {});
    ASSERT_FALSE(st);
    EXPECT_NE(st.message().find("/nonexistent/file"), std::string::npos);
}

}  // namespace
}  // namespace squashrun
