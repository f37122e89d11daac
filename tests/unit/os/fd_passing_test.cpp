// receive_descriptor: exactly one descriptor over SCM_RIGHTS; extra ones are closed.
#include "os/fd_passing.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "os/files.hpp"

namespace squashrun {
namespace {

class FdPassingTest : public testing::Test {
  protected:
    void SetUp() override {
        int pair[2];
        ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
        receiver_.reset(pair[0]);
        sender_.reset(pair[1]);
    }

    // Sends one byte, with `fds` attached when there are any.
    void send(const std::vector<int>& fds) {
        char byte = 'x';
        iovec iov{&byte, 1};
        msghdr msg{};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        std::vector<char> control(CMSG_SPACE(fds.size() * sizeof(int)));
        if (!fds.empty()) {
            msg.msg_control = control.data();
            msg.msg_controllen = control.size();
            cmsghdr* c = CMSG_FIRSTHDR(&msg);
            c->cmsg_level = SOL_SOCKET;
            c->cmsg_type = SCM_RIGHTS;
            c->cmsg_len = CMSG_LEN(fds.size() * sizeof(int));
            std::memcpy(CMSG_DATA(c), fds.data(), fds.size() * sizeof(int));
        }
        ASSERT_EQ(::sendmsg(sender_.get(), &msg, 0), 1);
    }

    static size_t open_descriptors() { return os::list_directory("/proc/self/fd").size(); }

    static ino_t inode_of(int fd) {
        struct stat st {};
        EXPECT_EQ(::fstat(fd, &st), 0);
        return st.st_ino;
    }

    os::UniqueFd receiver_, sender_;
};

TEST_F(FdPassingTest, ReceivesOneDescriptor) {
    os::UniqueFd passed(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    send({passed.get()});
    auto received = os::receive_descriptor(receiver_.get());
    ASSERT_TRUE(received) << received.message();
    EXPECT_NE(received->get(), passed.get());
    EXPECT_EQ(inode_of(received->get()), inode_of(passed.get()));
    EXPECT_NE(::fcntl(received->get(), F_GETFD) & FD_CLOEXEC, 0) << "close-on-exec";
}

TEST_F(FdPassingTest, MoreThanOneIsRefusedAndClosed) {
    os::UniqueFd a(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    os::UniqueFd b(::open("/dev/zero", O_RDONLY | O_CLOEXEC));
    send({a.get(), b.get()});
    size_t before = open_descriptors();
    auto received = os::receive_descriptor(receiver_.get());
    ASSERT_FALSE(received);
    EXPECT_EQ(received.message(), "2 descriptors received, expected one");
    EXPECT_EQ(open_descriptors(), before) << "the received descriptors are closed";
}

TEST_F(FdPassingTest, TooManyToHoldIsRefusedAndClosed) {
    std::vector<os::UniqueFd> owned;
    std::vector<int> fds;
    for (int i = 0; i < 20; ++i) {
        owned.emplace_back(::open("/dev/null", O_RDONLY | O_CLOEXEC));
        fds.push_back(owned.back().get());
    }
    send(fds);
    size_t before = open_descriptors();
    EXPECT_FALSE(os::receive_descriptor(receiver_.get()));
    EXPECT_EQ(open_descriptors(), before);
}

TEST_F(FdPassingTest, NoDescriptorOrNothingSent) {
    send({});
    auto none = os::receive_descriptor(receiver_.get());
    ASSERT_FALSE(none);
    EXPECT_EQ(none.message(), "0 descriptors received, expected one");
    EXPECT_FALSE(os::receive_descriptor(receiver_.get())) << "nothing waiting: no waiting";
    sender_.reset();
    EXPECT_FALSE(os::receive_descriptor(receiver_.get()));
}

}  // namespace
}  // namespace squashrun
