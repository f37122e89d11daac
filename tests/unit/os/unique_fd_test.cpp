// UniqueFd: closes what it owns exactly once, gives it up on release, moves ownership.
#include "os/unique_fd.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace squashrun {
namespace {

int open_null() {
    int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    EXPECT_GE(fd, 0);
    return fd;
}

bool is_open(int fd) {
    return ::fcntl(fd, F_GETFD) != -1 || errno != EBADF;
}

TEST(UniqueFd, EmptyByDefault) {
    os::UniqueFd fd;
    EXPECT_FALSE(fd.valid());
    EXPECT_FALSE(fd);
    EXPECT_EQ(fd.get(), -1);
}

TEST(UniqueFd, ClosesWhenDestroyed) {
    int raw = open_null();
    {
        os::UniqueFd fd(raw);
        EXPECT_TRUE(fd);
        EXPECT_EQ(fd.get(), raw);
        EXPECT_TRUE(is_open(raw));
    }
    EXPECT_FALSE(is_open(raw));
}

TEST(UniqueFd, ReleaseKeepsTheDescriptorOpen) {
    int raw = open_null();
    {
        os::UniqueFd fd(raw);
        EXPECT_EQ(fd.release(), raw);
        EXPECT_FALSE(fd);
    }
    EXPECT_TRUE(is_open(raw));
    ::close(raw);
}

TEST(UniqueFd, ResetClosesTheOldOne) {
    int first = open_null();
    int second = open_null();
    os::UniqueFd fd(first);
    fd.reset(second);
    EXPECT_FALSE(is_open(first));
    EXPECT_EQ(fd.get(), second);
    fd.reset();
    EXPECT_FALSE(is_open(second));
    EXPECT_FALSE(fd);
}

TEST(UniqueFd, MovesOwnership) {
    int raw = open_null();
    os::UniqueFd from(raw);
    os::UniqueFd to(std::move(from));
    EXPECT_FALSE(from);  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
    EXPECT_EQ(to.get(), raw);

    int other = open_null();
    os::UniqueFd target(other);
    target = std::move(to);
    EXPECT_FALSE(is_open(other)) << "assignment closes what the target held";
    EXPECT_EQ(target.get(), raw);
    EXPECT_TRUE(is_open(raw));
    target = std::move(target);  // self-move keeps it
    EXPECT_TRUE(is_open(raw));
}

}  // namespace
}  // namespace squashrun
