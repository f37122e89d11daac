// ELF parser: well-formed files, the real runtime, and truncated or hostile headers.
#include "core/format/elf.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf_builder.hpp"

namespace squashrun {
namespace {

using core::MemorySource;
using test::build_elf;
using test::store_le;

std::vector<std::byte> bytes_of(std::string_view text) {
    std::vector<std::byte> out;
    for (char c : text)
        out.push_back(std::byte(c));
    return out;
}

TEST(Elf, ParsesSectionsAndEndOffset64) {
    auto file = build_elf({{".text", bytes_of("code")}, {".upd_info", std::vector<std::byte>(16)}});
    auto elf = core::parse_elf(MemorySource(file));
    ASSERT_TRUE(elf) << elf.message();
    EXPECT_TRUE(elf->is_64bit);
    ASSERT_NE(elf->find_section(".upd_info"), nullptr);
    EXPECT_EQ(elf->find_section(".upd_info")->size, 16U);
    EXPECT_EQ(elf->find_section(".missing"), nullptr);
    EXPECT_EQ(elf->end_offset(), file.size());  // section table is last
}

TEST(Elf, ParsesThirtyTwoBit) {
    auto file = build_elf({{".data", bytes_of("abc")}}, false);
    auto elf = core::parse_elf(MemorySource(file));
    ASSERT_TRUE(elf) << elf.message();
    EXPECT_FALSE(elf->is_64bit);
    EXPECT_EQ(elf->end_offset(), file.size());
}

TEST(Elf, EndOffsetCoversSectionAfterTable) {
    auto file = build_elf({{".a", bytes_of("x")}});
    // Move section .a past the section header table: the ELF now ends with the section.
    uint64_t table_at = core::load_le64(file.data() + 40);
    file.resize(file.size() + 100);
    store_le(file, table_at + 64 + 24, file.size() - 10, 8);
    store_le(file, table_at + 64 + 32, 10, 8);
    auto elf = core::parse_elf(MemorySource(file));
    ASSERT_TRUE(elf) << elf.message();
    EXPECT_EQ(elf->end_offset(), file.size());
}

TEST(Elf, NobitsSectionsDoNotCount) {
    auto file = build_elf({{".bss", {}, 8}});
    uint64_t table_at = core::load_le64(file.data() + 40);
    store_le(file, table_at + 64 + 24, 1 << 30, 8);  // far away, but NOBITS
    store_le(file, table_at + 64 + 32, 1 << 30, 8);
    auto elf = core::parse_elf(MemorySource(file));
    ASSERT_TRUE(elf) << elf.message();
    EXPECT_EQ(elf->end_offset(), file.size());
}

TEST(Elf, RejectsNonElf) {
    auto file = bytes_of(std::string(100, 'x'));
    auto elf = core::parse_elf(MemorySource(file));
    ASSERT_FALSE(elf);
    EXPECT_NE(elf.message().find("not an ELF"), std::string::npos);
}

TEST(Elf, RejectsEveryTruncation) {
    auto file = build_elf({{".text", bytes_of("code")}});
    for (size_t length = 0; length < file.size(); ++length) {
        std::span<const std::byte> prefix(file.data(), length);
        EXPECT_FALSE(core::parse_elf(MemorySource(prefix))) << "length " << length;
    }
}

TEST(Elf, RejectsHostileHeaders) {
    const auto good = build_elf({{".text", bytes_of("code")}});
    uint64_t table_at = core::load_le64(good.data() + 40);
    struct Case {
        const char* what;
        size_t at;
        uint64_t value;
        size_t width;
    };
    const Case cases[] = {
        {"section table past the end", 40, good.size(), 8},
        {"section table offset overflows", 40, ~0ULL - 10, 8},
        {"entries too small", 58, 8, 2},
        {"too many entries", 60, 0xfff0, 2},
        {"name table index out of range", 62, 50, 2},
        {"section offset overflows", table_at + 64 + 24, ~0ULL - 1, 8},
        {"section size past the end", table_at + 64 + 32, 1 << 20, 8},
        {"name offset outside the table", table_at + 64, 100000, 4},
        {"big endian", 5, 2, 1},
        {"unknown class", 4, 7, 1},
    };
    for (const Case& c : cases) {
        auto file = good;
        store_le(file, c.at, c.value, c.width);
        EXPECT_FALSE(core::parse_elf(MemorySource(file))) << c.what;
    }
}

TEST(Elf, UnterminatedNameIsAnError) {
    auto file = build_elf({{".text", bytes_of("code")}});
    // Overwrite the trailing NUL of ".shstrtab" in the name table.
    uint64_t table_at = core::load_le64(file.data() + 40);
    uint64_t names_entry = table_at + 2 * 64;
    uint64_t names_at = core::load_le64(file.data() + names_entry + 24);
    uint64_t names_size = core::load_le64(file.data() + names_entry + 32);
    file[names_at + names_size - 1] = std::byte{'x'};
    store_le(file, names_entry, names_size - 2, 4);  // name points at the unterminated tail
    EXPECT_FALSE(core::parse_elf(MemorySource(file)));
}

TEST(Elf, ParsesTheBuiltRuntime) {
    int fd = ::open(SQUASHRUN_RUNTIME, O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0) << SQUASHRUN_RUNTIME;
    struct stat st {};
    ASSERT_EQ(::fstat(fd, &st), 0);
    core::FileSource source(fd, static_cast<uint64_t>(st.st_size));
    auto elf = core::parse_elf(source);
    ::close(fd);
    ASSERT_TRUE(elf) << elf.message();
    // The runtime is all ELF: the payload of an AppImage starts exactly at its end.
    EXPECT_EQ(elf->end_offset(), static_cast<uint64_t>(st.st_size));
    for (auto [name, size] : {std::pair{".upd_info", 1024U}, std::pair{".sha256_sig", 1024U},
                              std::pair{".sig_key", 8192U}}) {
        const auto* s = elf->find_section(name);
        ASSERT_NE(s, nullptr) << name;
        EXPECT_EQ(s->size, size) << name;
    }
}

}  // namespace
}  // namespace squashrun
