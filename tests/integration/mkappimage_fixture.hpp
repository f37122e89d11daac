// The mkappimage tests' fixture: a copy of the example AppDir, and mkappimage run with the
// built runtime in the test's tree.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "support.hpp"

namespace squashrun::test {

class Mkappimage : public AppImageTest {
  protected:
    void SetUp() override {
        AppImageTest::SetUp();
        appdir_ = root_ + "/Hello AppDir";
        std::filesystem::copy(source_dir() + "/examples/hello/AppDir", appdir_,
                              std::filesystem::copy_options::recursive);
    }

    // mkappimage with the built runtime, run in root_.
    Command mkappimage(std::vector<std::string> args, bool with_runtime = true) const {
        Command c;
        c.argv = {mkappimage_path()};
        if (with_runtime) c.argv.insert(c.argv.end(), {"--runtime", runtime_path()});
        c.argv.insert(c.argv.end(), args.begin(), args.end());
        c.env["TMPDIR"] = tmp_;
        c.cwd = root_;
        return c;
    }

    // The paths in the payload of `appimage`, as unsquashfs lists them (without the root).
    std::vector<std::string> payload_paths(const std::string& appimage) const {
        auto offset = run(Command::of({appimage, "--appimage-offset"}));
        EXPECT_EQ(offset.exit_code(), 0) << offset.describe();
        std::string off = offset.out.substr(0, offset.out.find('\n'));
        auto listed = run(Command::of({"/usr/bin/unsquashfs", "-o", off, "-l", appimage}));
        EXPECT_EQ(listed.exit_code(), 0) << listed.describe();
        std::vector<std::string> paths;
        const std::string prefix = "squashfs-root/";
        for (size_t start = 0; start < listed.out.size();) {
            size_t end = listed.out.find('\n', start);
            std::string line = listed.out.substr(start, end - start);
            start = end == std::string::npos ? listed.out.size() : end + 1;
            if (line.starts_with(prefix)) paths.push_back(line.substr(prefix.size()));
        }
        return paths;
    }

    static bool contains(const std::vector<std::string>& v, const std::string& x) {
        return std::find(v.begin(), v.end(), x) != v.end();
    }

    std::string appdir_;
};

}  // namespace squashrun::test
