// temp_root: an absolute $TMPDIR, else /tmp.
#include "os/temp_root.hpp"

#include <gtest/gtest.h>

namespace squashrun {
namespace {

TEST(TempRoot, AbsoluteTmpdirIsUsed) {
    EXPECT_EQ(os::temp_root("/var/tmp"), "/var/tmp");
    EXPECT_EQ(os::temp_root("/a dir/with spaces"), "/a dir/with spaces");
}

TEST(TempRoot, RelativeOrEmptyMeansTmp) {
    EXPECT_EQ(os::temp_root(""), "/tmp");
    EXPECT_EQ(os::temp_root("relative tmp"), "/tmp");
    EXPECT_EQ(os::temp_root("./tmp"), "/tmp");
    EXPECT_EQ(os::temp_root("~/tmp"), "/tmp");
}

}  // namespace
}  // namespace squashrun
