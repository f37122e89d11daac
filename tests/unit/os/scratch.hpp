// A private directory for one test, under the temporary root, removed after the test.
#pragma once

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "os/fd_io.hpp"
#include "os/temp_dir.hpp"
#include "os/temp_root.hpp"
#include "os/unique_fd.hpp"

namespace squashrun::test {

class ScratchTest : public testing::Test {
  protected:
    void SetUp() override {
        const char* tmpdir = std::getenv("TMPDIR");
        auto dir = os::TempDir::create(os::temp_root(tmpdir != nullptr ? tmpdir : ""),
                                       "squashrun-os-test.");
        ASSERT_TRUE(dir) << dir.message();
        scratch_.emplace(std::move(*dir));
    }

    const std::string& dir() const { return scratch_->path(); }
    std::string at(const std::string& name) const { return dir() + "/" + name; }

    static void write(const std::string& path, const std::string& content, mode_t mode = 0644) {
        os::UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode));
        ASSERT_TRUE(fd) << path;
        ASSERT_TRUE(os::write_all(fd.get(), content)) << path;
        ASSERT_EQ(::fchmod(fd.get(), mode), 0);
    }

  private:
    std::optional<os::TempDir> scratch_;
};

}  // namespace squashrun::test
