// Reading the reserved sections' text and planning their patches, in memory.
#include "core/format/sections.hpp"

#include <gtest/gtest.h>

#include "elf_builder.hpp"

namespace squashrun {
namespace {

std::vector<std::byte> bytes(std::string_view s) {
    return {reinterpret_cast<const std::byte*>(s.data()),
            reinterpret_cast<const std::byte*>(s.data()) + s.size()};
}

class SectionPlanTest : public testing::Test {
  protected:
    SectionPlanTest()
        : file_(test::build_elf({{".upd_info", bytes(std::string("old\0", 4) + "tail")},
                                 {".sha256_sig", std::vector<std::byte>(16)}})),
          source_(file_),
          elf_(core::parse_elf(source_).value()) {}

    std::vector<std::byte> file_;
    core::MemorySource source_;
    core::ElfInfo elf_;
};

TEST_F(SectionPlanTest, ReadsTextUpToTheFirstNul) {
    EXPECT_EQ(core::read_section_text(source_, elf_, ".upd_info").value(), "old");
    EXPECT_EQ(core::read_section_text(source_, elf_, ".sha256_sig").value(), "");
    EXPECT_FALSE(core::read_section_text(source_, elf_, ".nope"));
}

TEST_F(SectionPlanTest, PlansTheWholeSectionZeroFilled) {
    auto patch = core::plan_section_patch(elf_, ".upd_info", bytes("new"));
    ASSERT_TRUE(patch) << patch.message();
    const core::ElfSection* section = elf_.find_section(".upd_info");
    EXPECT_EQ(patch->offset, section->offset);
    EXPECT_EQ(patch->bytes, bytes(std::string("new\0\0\0\0\0", 8)));
}

TEST_F(SectionPlanTest, RefusesWhatDoesNotFitOrIsMissing) {
    auto too_long = core::plan_section_patch(elf_, ".sha256_sig", bytes(std::string(17, 'x')));
    ASSERT_FALSE(too_long);
    EXPECT_EQ(too_long.message(), "17 bytes do not fit in .sha256_sig (16 bytes)");
    EXPECT_TRUE(core::plan_section_patch(elf_, ".sha256_sig", bytes(std::string(16, 'x'))));
    auto missing = core::plan_section_patch(elf_, ".nope", bytes("x"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.message(), "no .nope section");
}

}  // namespace
}  // namespace squashrun
