// Interoperability with the tools of the AppImage ecosystem: Debian's libappimage (used by
// appimaged and AppImageLauncher) and unsquashfs read what mkappimage writes, signed
// (chunk table after the payload, header in .squashrun_sig) or not.
#include <appimage/appimage.h>

#include <algorithm>
#include <filesystem>

#include "../integration/support.hpp"

namespace squashrun::test {
namespace {

namespace fs = std::filesystem;

class Interop : public AppImageTest {
  protected:
    void SetUp() override {
        AppImageTest::SetUp();
        std::string appdir = root_ + "/AppDir";
        fs::copy(source_dir() + "/examples/hello/AppDir", appdir, fs::copy_options::recursive);
        app_ = root_ + "/Hello.AppImage";
        auto built =
            run(Command::of({mkappimage_path(), "--runtime", runtime_path(), appdir, app_}));
        ASSERT_EQ(built.exit_code(), 0) << built.describe();
        std::string key = root_ + "/release.key";
        ASSERT_EQ(run(Command::of({mkappimage_path(), "--generate-key", key})).exit_code(), 0);
        std::string signed_app = root_ + "/Signed.AppImage";
        auto signed_build = run(Command::of(
            {mkappimage_path(), "--runtime", runtime_path(), "--sign", key, appdir, signed_app}));
        ASSERT_EQ(signed_build.exit_code(), 0) << signed_build.describe();
        apps_ = {app_, signed_app};
    }
    std::string app_;
    std::vector<std::string> apps_;  // unsigned, signed
};

TEST_F(Interop, LibappimageSeesType2AndListsTheFiles) {
    for (const std::string& app : apps_) {
        SCOPED_TRACE(app);
        EXPECT_EQ(appimage_get_type(app.c_str(), false), 2);
        char** files = appimage_list_files(app.c_str());
        ASSERT_NE(files, nullptr);
        std::vector<std::string> listed;
        for (char** f = files; *f != nullptr; ++f)
            listed.emplace_back(*f);
        appimage_string_list_free(files);
        for (const char* expected :
             {"AppRun", "hello.desktop", ".DirIcon", "usr/share/hello/message.txt",
              "usr/share/icons/hicolor/scalable/apps/hello.svg"}) {
            EXPECT_NE(std::find(listed.begin(), listed.end(), expected), listed.end()) << expected;
        }
    }
    // A file that is not an AppImage is not taken for one.
    std::string text = root_ + "/notes.txt";
    write_file(text, "not an AppImage\n");
    EXPECT_EQ(appimage_get_type(text.c_str(), false), -1);
}

TEST_F(Interop, LibappimageReadsTheDesktopFileFromThePayload) {
    for (const std::string& app : apps_) {
        SCOPED_TRACE(app);
        char* content = nullptr;
        unsigned long size = 0;
        ASSERT_TRUE(appimage_read_file_into_buffer_following_symlinks(app.c_str(), "hello.desktop",
                                                                      &content, &size));
        std::string desktop(content, size);
        free(content);
        EXPECT_NE(desktop.find("Name=Hello"), std::string::npos) << desktop;
    }
}

TEST_F(Interop, UnsquashfsListsTheAppDirAtTheOffset) {
    for (const std::string& app : apps_) {
        SCOPED_TRACE(app);
        auto offset = run(Command::of({app, "--appimage-offset"}));
        ASSERT_EQ(offset.exit_code(), 0) << offset.describe();
        std::string off = offset.out.substr(0, offset.out.size() - 1);
        auto listed = run(Command::of({"/usr/bin/unsquashfs", "-o", off, "-l", app}));
        ASSERT_EQ(listed.exit_code(), 0) << listed.describe();
        for (const char* expected : {"squashfs-root/AppRun\n", "squashfs-root/hello.desktop\n",
                                     "squashfs-root/.DirIcon\n"}) {
            EXPECT_NE(listed.out.find(expected), std::string::npos) << listed.out;
        }
    }
}

}  // namespace
}  // namespace squashrun::test
