// SourceHandle and our sqfs_pread: handles never look like descriptors, reads reach the
// registered source, and nothing else.
#include "runtime/image/source_handle.hpp"

#include <gtest/gtest.h>
#include <sys/types.h>

#include <cerrno>
#include <set>
#include <vector>

#include "memory_image.hpp"

extern "C" ssize_t sqfs_pread(int fd, void* buffer, size_t count, off_t offset);

namespace squashrun::runtime {
namespace {

using test::OwnedMemorySource;

std::shared_ptr<OwnedMemorySource> bytes_of(const std::string& text) {
    std::vector<std::byte> bytes;
    for (char c : text)
        bytes.push_back(static_cast<std::byte>(c));
    return std::make_shared<OwnedMemorySource>(std::move(bytes));
}

TEST(SourceHandle, HandlesAreNegativeDistinctAndNeverMinusOne) {
    std::vector<SourceHandle> handles;
    std::set<int> seen;
    for (int i = 0; i < 10; ++i) {
        auto handle = SourceHandle::open(bytes_of("x"));
        ASSERT_TRUE(handle) << handle.message();
        EXPECT_LT(handle->fd(), -1);
        EXPECT_TRUE(seen.insert(handle->fd()).second);
        handles.push_back(std::move(*handle));
    }
}

TEST(SourceHandle, ReadsReachTheRegisteredSource) {
    auto source = bytes_of("hello, image");
    auto handle = SourceHandle::open(source);
    ASSERT_TRUE(handle);
    char buffer[5];
    EXPECT_EQ(sqfs_pread(handle->fd(), buffer, 5, 7), 5);
    EXPECT_EQ(std::string(buffer, 5), "image");
    EXPECT_EQ(source->reads(), 1U);
    errno = 0;
    EXPECT_EQ(sqfs_pread(handle->fd(), buffer, 5, 8), -1) << "past the end is an error";
    EXPECT_EQ(errno, EIO);
    EXPECT_EQ(sqfs_pread(handle->fd(), buffer, 1, -1), -1);
    EXPECT_EQ(errno, EINVAL);
}

TEST(SourceHandle, UnknownAndReleasedHandlesReadNothing) {
    char buffer[1];
    for (int fd : {0, 1, 2, -1, -5000}) {
        errno = 0;
        EXPECT_EQ(sqfs_pread(fd, buffer, 1, 0), -1) << fd;
        EXPECT_EQ(errno, EBADF) << fd;
    }
    int released = 0;
    {
        auto handle = SourceHandle::open(bytes_of("gone"));
        ASSERT_TRUE(handle);
        released = handle->fd();
        EXPECT_EQ(sqfs_pread(released, buffer, 1, 0), 1);
    }
    EXPECT_EQ(sqfs_pread(released, buffer, 1, 0), -1);
    EXPECT_EQ(errno, EBADF);
}

TEST(SourceHandle, MovedHandlesKeepTheirSource) {
    auto handle = SourceHandle::open(bytes_of("moved"));
    ASSERT_TRUE(handle);
    int fd = handle->fd();
    SourceHandle moved = std::move(*handle);
    EXPECT_EQ(moved.fd(), fd);
    char buffer[5];
    EXPECT_EQ(sqfs_pread(fd, buffer, 5, 0), 5);
}

TEST(SourceHandle, TheTableHasALimit) {
    std::vector<SourceHandle> handles;
    core::Status last;
    for (int i = 0; i < 1000; ++i) {
        auto handle = SourceHandle::open(bytes_of("x"));
        if (!handle) {
            last = handle.error();
            break;
        }
        handles.push_back(std::move(*handle));
    }
    EXPECT_FALSE(last) << "a limit is reached before 1000 open images";
    handles.pop_back();
    EXPECT_TRUE(SourceHandle::open(bytes_of("x"))) << "a freed slot is used again";
}

}  // namespace
}  // namespace squashrun::runtime
