// Interoperability with the tools of the AppImage ecosystem: Debian's libappimage (used by
// appimaged and AppImageLauncher) and unsquashfs read what mkappimage writes, signed
// (chunk table after the payload, header in .squashrun_sig) or not.
#include <appimage/appimage.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>

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

// Our --install-desktop and libappimage are interchangeable: libappimage calls the AppImage
// registered after our install and not after our uninstall, and its unregister removes what
// we wrote, but for the AppStream file: libappimage never writes metainfo/ and does not look
// there. Our uninstall removes that one too, also after libappimage's.
TEST_F(Interop, LibappimageSeesOurDesktopInstallAndRemovesIt) {
    SQUASHRUN_REQUIRE_FUSE();
    std::string appdir = root_ + "/Integrated AppDir";
    fs::copy(source_dir() + "/examples/hello/AppDir", appdir, fs::copy_options::recursive);
    fs::remove(appdir + "/AppRun");
    fs::copy_file(apprun_path(), appdir + "/AppRun");
    fs::create_directories(appdir + "/usr/share/mime/packages");
    write_file(appdir + "/usr/share/mime/packages/hello.xml",
               "<?xml version=\"1.0\"?>\n<mime-info "
               "xmlns=\"http://www.freedesktop.org/standards/shared-mime-info\">\n"
               "<mime-type type=\"application/x-squashrun-interop\"><glob "
               "pattern=\"*.sqi\"/></mime-type>\n</mime-info>\n");
    fs::create_directories(appdir + "/usr/share/metainfo");
    write_file(appdir + "/usr/share/metainfo/hello.appdata.xml", "<component/>\n");
    std::string app = root_ + "/Integrated.AppImage";
    build_appimage(appdir, app);
    std::string data = root_ + "/data";
    fs::create_directories(data);
    // libappimage reads XDG_DATA_HOME from this process's environment.
    const char* old = std::getenv("XDG_DATA_HOME");
    std::optional<std::string> saved = old ? std::optional<std::string>(old) : std::nullopt;
    ::setenv("XDG_DATA_HOME", data.c_str(), 1);
    auto desktop = [&](const char* option) {
        Command c = command(app, {option});
        c.env["XDG_DATA_HOME"] = data;
        c.env["HOME"] = root_;
        return run(c);
    };
    EXPECT_FALSE(appimage_is_registered_in_system(app.c_str()));
    auto installed = desktop("--install-desktop");
    EXPECT_EQ(installed.exit_code(), 0) << installed.describe();
    EXPECT_TRUE(appimage_is_registered_in_system(app.c_str()));
    auto removed = desktop("--uninstall-desktop");
    EXPECT_EQ(removed.exit_code(), 0) << removed.describe();
    EXPECT_FALSE(appimage_is_registered_in_system(app.c_str()));

    ASSERT_EQ(desktop("--install-desktop").exit_code(), 0);
    char* md5 = appimage_get_md5(app.c_str());
    ASSERT_NE(md5, nullptr);
    std::string id = md5;
    std::free(md5);
    std::vector<std::string> ours;
    for (const auto& e : fs::recursive_directory_iterator(data)) {
        if (e.path().filename().string().find("appimagekit_" + id) != std::string::npos)
            ours.push_back(e.path().string().substr(data.size() + 1));
    }
    std::sort(ours.begin(), ours.end());
    EXPECT_EQ(ours, (std::vector<std::string>{
                        "applications/appimagekit_" + id + "-Hello.desktop",
                        "icons/hicolor/scalable/apps/appimagekit_" + id + "_hello.svg",
                        "metainfo/appimagekit_" + id + "_hello.appdata.xml",
                        "mime/packages/appimagekit_" + id + "_hello.xml"}));
    EXPECT_EQ(appimage_unregister_in_system(app.c_str(), false), 0);
    EXPECT_FALSE(appimage_is_registered_in_system(app.c_str()));
    auto left = [&] {
        std::vector<std::string> found;
        for (const auto& e : fs::recursive_directory_iterator(data)) {
            if (e.path().filename().string().find("appimagekit_" + id) != std::string::npos)
                found.push_back(e.path().string().substr(data.size() + 1));
        }
        return found;
    };
    EXPECT_EQ(left(),
              std::vector<std::string>{"metainfo/appimagekit_" + id + "_hello.appdata.xml"});
    EXPECT_EQ(desktop("--uninstall-desktop").exit_code(), 0);
    EXPECT_TRUE(left().empty());
    if (saved) {
        ::setenv("XDG_DATA_HOME", saved->c_str(), 1);
    } else {
        ::unsetenv("XDG_DATA_HOME");
    }
}

}  // namespace
}  // namespace squashrun::test
