// mountinfo parsing: escapes, optional fields, malformed lines.
#include "core/format/mountinfo.hpp"

#include <gtest/gtest.h>

namespace squashrun {
namespace {

TEST(Mountinfo, ParsesFieldsAndEscapes) {
    const char* text =
        "22 1 0:21 / /proc rw,nosuid shared:12 - proc proc rw\n"
        "42 27 0:39 / /tmp/a\\040b/.mount_AppXYZ ro,nosuid,nodev - fuse.squashrun squashrun "
        "ro,user_id=1000,group_id=1000\n";
    auto entries = core::parse_mountinfo(text);
    ASSERT_EQ(entries.size(), 2U);
    EXPECT_EQ(entries[0].mount_point, "/proc");
    EXPECT_EQ(entries[0].fs_type, "proc");
    EXPECT_EQ(entries[1].mount_point, "/tmp/a b/.mount_AppXYZ");
    EXPECT_EQ(entries[1].fs_type, core::kMountFsType);
    EXPECT_EQ(entries[1].source, "squashrun");
    EXPECT_EQ(entries[1].super_options, "ro,user_id=1000,group_id=1000");
}

TEST(Mountinfo, SkipsMalformedLines) {
    auto entries =
        core::parse_mountinfo("garbage\n1 2 3\n\n1 2 0:1 / /x rw - \n1 2 0:1 / /y\\0 rw - t s o");
    ASSERT_EQ(entries.size(), 1U);
    EXPECT_EQ(entries[0].mount_point, "/y\\0");
}

}  // namespace
}  // namespace squashrun
