// mkappimage: builds from the example AppDir and runs the result; every validation failure;
// reproducibility; --payload; update information; exclusions; compressions; install layout.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "core/format/byte_source.hpp"
#include "core/format/payload.hpp"
#include "mkappimage_fixture.hpp"

namespace squashrun::test {
namespace {

namespace fs = std::filesystem;

TEST_F(Mkappimage, BuildsTheExampleWithItsDefaultNameAndRunsIt) {
    SQUASHRUN_REQUIRE_FUSE();
    auto built = run(mkappimage({appdir_}));
    ASSERT_EQ(built.exit_code(), 0) << built.describe();
    std::string app = root_ + "/Hello-0.1.0-x86_64.AppImage";
    ASSERT_TRUE(exists(app)) << built.err;
    EXPECT_NE(built.err.find(".DirIcon: missing; the payload gets .DirIcon -> "
                             "usr/share/icons/hicolor/scalable/apps/hello.svg"),
              std::string::npos)
        << built.err;
    struct stat st {};
    ASSERT_EQ(::stat(app.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0755U);
    EXPECT_EQ(list_dir(root_).size(), 3U) << "only the AppDir, tmp and the AppImage";
    EXPECT_FALSE(exists(appdir_ + "/.DirIcon")) << "the AppDir itself is not changed";

    auto ran = run(command(app, {"one arg"}));
    ASSERT_EQ(ran.exit_code(), 0) << ran.describe();
    EXPECT_NE(ran.out.find("arguments: 1 [one arg]"), std::string::npos) << ran.out;
    EXPECT_NE(ran.out.find("This line was read from the payload"), std::string::npos);

    auto paths = payload_paths(app);
    for (const char* expected :
         {"AppRun", "hello.desktop", ".DirIcon", "usr/share/hello/message.txt",
          "usr/share/icons/hicolor/scalable/apps/hello.svg"}) {
        EXPECT_TRUE(contains(paths, expected)) << expected;
    }
}

struct Broken {
    const char* what;
    const char* shell;    // run in the AppDir to break it
    const char* file;     // what the message must name (relative to the AppDir)
    const char* problem;  // and say
};

class MkappimageRejects : public Mkappimage, public testing::WithParamInterface<Broken> {};

TEST_P(MkappimageRejects, WithOneLineNamingTheFile) {
    const Broken& b = GetParam();
    auto broke =
        run(Command::of({"/bin/sh", "-c", std::string("cd \"$0\" && ") + b.shell, appdir_}));
    ASSERT_EQ(broke.exit_code(), 0) << broke.describe();
    auto before = list_dir(root_);
    auto result = run(mkappimage({appdir_, "out.AppImage"}));
    EXPECT_EQ(result.exit_code(), 1) << result.describe();
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_EQ(result.err.rfind("mkappimage: ", 0), 0U) << result.err;
    EXPECT_NE(result.err.find(appdir_ + (*b.file ? "/" : "") + b.file), std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find(b.problem), std::string::npos) << result.err;
    EXPECT_EQ(list_dir(root_), before) << "nothing may be written";
}

INSTANTIATE_TEST_SUITE_P(
    Mkappimage, MkappimageRejects,
    testing::Values(
        Broken{"no_apprun", "rm AppRun", "AppRun", "missing"},
        Broken{"apprun_not_executable", "chmod 0644 AppRun", "AppRun", "not executable"},
        Broken{"apprun_absolute_link", "rm AppRun && ln -s /bin/true AppRun", "AppRun",
               "absolute symlink to /bin/true"},
        Broken{"apprun_escaping_link", "rm AppRun && ln -s ../../../../bin/true AppRun", "AppRun",
               "leads out of the AppDir"},
        Broken{"apprun_dangling_link", "rm AppRun && ln -s usr/bin/nothing AppRun", "AppRun",
               "leads to missing usr/bin"},
        Broken{"no_desktop_file", "rm hello.desktop", "", "no .desktop file at the root"},
        Broken{"two_desktop_files", "cp hello.desktop other.desktop", "",
               "2 .desktop files at the root (hello.desktop, other.desktop)"},
        Broken{"desktop_syntax", "printf '[Desktop Entry]\\nName\\n' > hello.desktop",
               "hello.desktop", "line 2: not a key=value line"},
        Broken{"desktop_without_icon", "sed -i '/^Icon=/d' hello.desktop", "hello.desktop",
               "no Icon= in [Desktop Entry]"},
        Broken{"desktop_not_application", "sed -i 's/^Type=.*/Type=Link/' hello.desktop",
               "hello.desktop", "Type=Link, an AppImage needs Type=Application"},
        Broken{"desktop_file_validate", "sed -i 's/^Terminal=.*/Terminal=maybe/' hello.desktop",
               "hello.desktop", "desktop-file-validate: error:"},
        Broken{"icon_missing", "rm -r usr/share/icons", "hello.desktop", "Icon=hello not found"},
        Broken{"icon_with_path", "sed -i 's|^Icon=.*|Icon=/usr/share/pixmaps/x.png|' hello.desktop",
               "hello.desktop", "must be an icon name"},
        Broken{"icon_not_an_image",
               "echo 'just text' > usr/share/icons/hicolor/scalable/apps/hello.svg",
               "usr/share/icons/hicolor/scalable/apps/hello.svg", "not a PNG, SVG or XPM image"},
        Broken{"dir_icon_dangling", "ln -s missing.png .DirIcon", ".DirIcon",
               "leads to missing missing.png"},
        Broken{"desktop_is_a_fifo", "rm hello.desktop && mkfifo hello.desktop", "hello.desktop",
               "not a regular file"},
        Broken{"icon_is_a_directory", "mkdir hello.png", "hello.png", "not a regular file"},
        Broken{"apprun_conf_syntax", "printf 'exec = /bin/true\\nmystery = 1\\n' > apprun.conf",
               "apprun.conf", "line 2: unknown key 'mystery'"},
        Broken{"apprun_conf_missing_interpreter",
               "printf 'python = ${APPDIR}/usr/bin/python3.99\\nmodule = app\\n' > apprun.conf",
               "apprun.conf",
               "line 1: the interpreter ${APPDIR}/usr/bin/python3.99 is not in the AppDir"},
        Broken{"apprun_conf_missing_library_dir",
               "printf 'exec = ${APPDIR}/AppRun\\nloader = /lib/ld.so\\nlibrary-path = "
               "${APPDIR}/usr/lib\\n' > apprun.conf",
               "apprun.conf",
               "line 3: the library directory ${APPDIR}/usr/lib is not in the AppDir"},
        Broken{"apprun_conf_unbraced", "printf 'exec = $APPDIR/AppRun\\n' > apprun.conf",
               "apprun.conf", "line 1: $APPDIR is not expanded in apprun.conf; write ${APPDIR}"}),
    [](const testing::TestParamInfo<Broken>& param_info) { return param_info.param.what; });

TEST_F(Mkappimage, DesktopFileValidateIsInstalledInCi) {
    if (!running_in_ci()) GTEST_SKIP() << "only CI must have every checker installed";
    for (const char* tool : {"/usr/bin/desktop-file-validate", "/usr/bin/zsyncmake"}) {
        EXPECT_EQ(::access(tool, X_OK), 0) << tool;
    }
}

TEST_F(Mkappimage, UsageErrors) {
    for (const auto& args :
         std::vector<std::vector<std::string>>{{},
                                               {"--bogus", appdir_},
                                               {"--comp", "brotli", appdir_},
                                               {"a", "b", "c"},
                                               {"--block-size", "3K", appdir_},
                                               {"--payload", "x.sqfs", "--comp", "xz"}}) {
        auto result = run(mkappimage(args));
        EXPECT_EQ(result.exit_code(), 2) << result.describe();
        EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    }
    auto help = run(mkappimage({"--help"}));
    EXPECT_EQ(help.exit_code(), 0);
    EXPECT_NE(help.out.find("Usage: mkappimage [OPTIONS] APPDIR [OUTPUT]"), std::string::npos);
}

TEST_F(Mkappimage, SameAppDirAndEpochGiveIdenticalBytes) {
    Command first = mkappimage({appdir_, "first.AppImage"});
    first.env["SOURCE_DATE_EPOCH"] = "1700000000";
    ASSERT_EQ(run(first).exit_code(), 0);
    // Different file times, a different umask-independent copy: still the same bytes.
    run(Command::of({"/usr/bin/touch", "-d", "2001-02-03", appdir_ + "/AppRun",
                     appdir_ + "/usr/share/hello/message.txt"}));
    Command second = mkappimage({appdir_, "second.AppImage"});
    second.env["SOURCE_DATE_EPOCH"] = "1700000000";
    ASSERT_EQ(run(second).exit_code(), 0);
    std::string a = read_file(root_ + "/first.AppImage");
    EXPECT_GT(a.size(), 4096U);
    EXPECT_TRUE(a == read_file(root_ + "/second.AppImage")) << "builds differ";

    Command bad = mkappimage({appdir_, "third.AppImage"});
    bad.env["SOURCE_DATE_EPOCH"] = "yesterday";
    auto result = run(bad);
    EXPECT_EQ(result.exit_code(), 1);
    EXPECT_NE(result.err.find("SOURCE_DATE_EPOCH=yesterday"), std::string::npos) << result.err;
}

TEST_F(Mkappimage, PayloadOptionAppendsAnExistingImage) {
    SQUASHRUN_REQUIRE_FUSE();
    ASSERT_EQ(::symlink("usr/share/icons/hicolor/scalable/apps/hello.svg",
                        (appdir_ + "/.DirIcon").c_str()),
              0);
    // On another file system than the output when /dev/shm is there (no copy_file_range).
    std::string shm = "/dev/shm/squashrun-test-" + std::to_string(::getpid());
    bool on_shm = ::mkdir(shm.c_str(), 0700) == 0;
    std::string sqfs = (on_shm ? shm : root_) + "/prebuilt.squashfs";
    auto made = run(Command::of({"/usr/bin/mksquashfs", appdir_, sqfs, "-comp", "xz", "-quiet",
                                 "-no-progress", "-all-root"}));
    ASSERT_EQ(made.exit_code(), 0) << made.describe();
    auto built = run(mkappimage({"--payload", sqfs}));
    ASSERT_EQ(built.exit_code(), 0) << built.describe();
    std::string app = root_ + "/Hello-0.1.0-x86_64.AppImage";
    std::string bytes = read_file(app);
    EXPECT_EQ(bytes, read_file(runtime_path()) + read_file(sqfs));
    if (on_shm) {
        remove_tree(shm);
        sqfs = root_ + "/prebuilt.squashfs";
    }
    auto ran = run(command(app));
    EXPECT_EQ(ran.exit_code(), 0) << ran.describe();
    EXPECT_NE(ran.out.find("Hello from Hello-0.1.0-x86_64.AppImage"), std::string::npos);

    auto not_squashfs = run(mkappimage({"--payload", appdir_ + "/AppRun", "x.AppImage"}));
    EXPECT_EQ(not_squashfs.exit_code(), 1);
    EXPECT_NE(not_squashfs.err.find(appdir_ + "/AppRun: not a squashfs image"), std::string::npos)
        << not_squashfs.err;

    ::unlink((appdir_ + "/.DirIcon").c_str());
    ::unlink(sqfs.c_str());
    ASSERT_EQ(run(Command::of({"/usr/bin/mksquashfs", appdir_, sqfs, "-quiet", "-no-progress"}))
                  .exit_code(),
              0);
    auto no_dir_icon = run(mkappimage({"--payload", sqfs, "y.AppImage"}));
    EXPECT_EQ(no_dir_icon.exit_code(), 1);
    EXPECT_NE(no_dir_icon.err.find(sqfs + ":.DirIcon: missing"), std::string::npos)
        << no_dir_icon.err;
    EXPECT_FALSE(exists(root_ + "/y.AppImage"));
}

TEST_F(Mkappimage, UpdateInformationReadsBackAndZsyncIsWritten) {
    const std::string info = "gh-releases-zsync|example|hello|latest|Hello-*x86_64.AppImage.zsync";
    auto built = run(mkappimage({"-u", info, appdir_, "Hello.AppImage"}));
    ASSERT_EQ(built.exit_code(), 0) << built.describe();
    std::string app = root_ + "/Hello.AppImage";
    auto read_back = run(Command::of({app, "--appimage-updateinformation"}));
    EXPECT_EQ(read_back.out, info + "\n") << read_back.describe();
    if (::access("/usr/bin/zsyncmake", X_OK) == 0) {
        std::string zsync = read_file(app + ".zsync");
        EXPECT_NE(zsync.find("Filename: Hello.AppImage"), std::string::npos) << zsync;
        EXPECT_NE(zsync.find("Length: " + std::to_string(read_file(app).size())),
                  std::string::npos);
    } else {
        EXPECT_NE(built.err.find("zsyncmake not found"), std::string::npos) << built.err;
    }

    if (::access("/usr/bin/zsyncmake", X_OK) == 0) {
        // With SOURCE_DATE_EPOCH the .zsync is reproducible too (it records the file's mtime).
        std::string zsyncs[2];
        for (auto& zsync : zsyncs) {
            Command c = mkappimage({"-u", info, appdir_, "Repro.AppImage"});
            c.env["SOURCE_DATE_EPOCH"] = "1700000000";
            ASSERT_EQ(run(c).exit_code(), 0);
            zsync = read_file(root_ + "/Repro.AppImage.zsync");
        }
        EXPECT_EQ(zsyncs[0], zsyncs[1]);
        EXPECT_NE(zsyncs[0].find("MTime: Tue, 14 Nov 2023 22:13:20"), std::string::npos)
            << zsyncs[0];
    }

    auto bad =
        run(mkappimage({"--updateinformation", "zsync|ftp://x/y.zsync", appdir_, "b.AppImage"}));
    EXPECT_EQ(bad.exit_code(), 1);
    EXPECT_NE(bad.err.find("zsync|ftp://x/y.zsync': zsync needs an http:// or https:// URL"),
              std::string::npos)
        << bad.err;
    EXPECT_FALSE(exists(root_ + "/b.AppImage"));
}

TEST_F(Mkappimage, ExcludesAndAppImageIgnore) {
    write_file(appdir_ + "/secret.txt", "do not ship\n");
    ::mkdir((appdir_ + "/usr/lib").c_str(), 0755);
    write_file(appdir_ + "/usr/lib/mod.pyc", "bytecode");
    write_file(appdir_ + "/usr/lib/mod.py", "source");
    write_file(appdir_ + "/.appimageignore", "# build leftovers\n\n... *.pyc\n");
    auto built = run(mkappimage({"--exclude", "secret.txt", appdir_, "x.AppImage"}));
    ASSERT_EQ(built.exit_code(), 0) << built.describe();
    auto paths = payload_paths(root_ + "/x.AppImage");
    EXPECT_TRUE(contains(paths, "usr/lib/mod.py"));
    EXPECT_FALSE(contains(paths, "usr/lib/mod.pyc"));
    EXPECT_FALSE(contains(paths, "secret.txt"));
    EXPECT_FALSE(contains(paths, ".appimageignore"));
    EXPECT_TRUE(contains(paths, "AppRun"));
    EXPECT_EQ(list_dir(root_).size(), 3U) << "the exclude list is removed";
}

TEST_F(Mkappimage, ExclusionsCannotRemoveWhatTheChecksRequire) {
    for (const auto& [pattern, problem] : std::vector<std::pair<std::string, std::string>>{
             {"AppRun", "payload:AppRun: missing"},
             {"*.desktop", "payload:/: no .desktop file at the root"},
             {"usr/share/icons", "Icon=hello not found"}}) {
        auto result = run(mkappimage({"--exclude", pattern, appdir_, "x.AppImage"}));
        EXPECT_EQ(result.exit_code(), 1) << result.describe();
        EXPECT_NE(result.err.find(problem), std::string::npos) << pattern << ": " << result.err;
        EXPECT_NE(result.err.find("(after exclusions)"), std::string::npos) << result.err;
        EXPECT_EQ(list_dir(root_).size(), 2U) << "nothing written for " << pattern;
        EXPECT_TRUE(list_dir(tmp_).empty()) << "the exclude list is removed";
    }
}

TEST_F(Mkappimage, OutputInsideTheAppDirIsRefused) {
    Command c = mkappimage({"--exclude", "x", ".", "App.AppImage"});
    c.cwd = appdir_;
    auto result = run(c);
    EXPECT_EQ(result.exit_code(), 1) << result.describe();
    EXPECT_NE(result.err.find("App.AppImage: inside the AppDir"), std::string::npos) << result.err;
    EXPECT_FALSE(exists(appdir_ + "/App.AppImage"));
}

class MkappimageCompressions : public Mkappimage,
                               public testing::WithParamInterface<std::pair<const char*, int>> {};

TEST_P(MkappimageCompressions, AreUsedAndRun) {
    auto [name, id] = GetParam();
    auto built = run(mkappimage({"--comp", name, "--block-size", "64K", appdir_, "c.AppImage"}));
    ASSERT_EQ(built.exit_code(), 0) << built.describe();
    std::string bytes = read_file(root_ + "/c.AppImage");
    core::MemorySource source({reinterpret_cast<const std::byte*>(bytes.data()), bytes.size()});
    auto sb = core::read_superblock(source, read_file(runtime_path()).size());
    ASSERT_TRUE(sb) << sb.message();
    EXPECT_EQ(static_cast<int>(sb->compression), id);
    EXPECT_EQ(sb->block_size, 64U * 1024);
    Command c = command(root_ + "/c.AppImage", {"--appimage-extract", "usr/share/hello"});
    auto extracted = run(c);
    ASSERT_EQ(extracted.exit_code(), 0) << extracted.describe();
    EXPECT_NE(read_file(root_ + "/squashfs-root/usr/share/hello/message.txt").find("payload"),
              std::string::npos);
}
INSTANTIATE_TEST_SUITE_P(Mkappimage, MkappimageCompressions,
                         testing::Values(std::pair{"zstd", 6}, std::pair{"gzip", 1},
                                         std::pair{"xz", 4}, std::pair{"lz4", 5}),
                         [](const auto& param_info) {
                             return std::string(param_info.param.first);
                         });

TEST_F(Mkappimage, InstalledLayoutFindsTheRuntimeWithoutFlags) {
    if (::access(SQUASHRUN_BUILD_DIR, W_OK) != 0) {
        GTEST_SKIP() << "cmake --install writes into the build tree, which is not writable here";
    }
    std::string prefix = root_ + "/prefix";
    auto installed =
        run(Command::of({"/usr/bin/cmake", "--install", SQUASHRUN_BUILD_DIR, "--prefix", prefix}));
    ASSERT_EQ(installed.exit_code(), 0) << installed.describe();
    Command c = mkappimage({appdir_, "installed.AppImage"}, false);
    c.argv[0] = prefix + "/bin/mkappimage";
    auto built = run(c);
    ASSERT_EQ(built.exit_code(), 0) << built.describe();
    std::string installed_runtime = prefix + "/bin/../lib/squashrun/runtime-x86_64";
    EXPECT_NE(built.err.find("runtime " + installed_runtime + ")"), std::string::npos) << built.err;
    std::string runtime = read_file(installed_runtime);
    EXPECT_EQ(read_file(root_ + "/installed.AppImage").substr(0, runtime.size()), runtime);
    EXPECT_TRUE(exists(prefix + "/lib/squashrun/AppRun")) << "AppRun is installed too";

    // Without the installed runtime it falls back to its build tree's, and says which.
    ::rename((prefix + "/lib").c_str(), (prefix + "/lib-moved").c_str());
    auto moved = run(c);
    EXPECT_EQ(moved.err.find(installed_runtime), std::string::npos) << moved.err;
    if (moved.exit_code() == 0) {
        EXPECT_NE(moved.err.find("runtime " SQUASHRUN_BUILD_DIR), std::string::npos) << moved.err;
    } else {
        EXPECT_NE(moved.err.find("pass --runtime FILE"), std::string::npos) << moved.err;
    }
}

}  // namespace
}  // namespace squashrun::test
