// ./App.AppImage --install-desktop and --uninstall-desktop, run as a user would, with HOME and
// XDG_DATA_HOME in the test's tree: the files and their contents, desktop-file-validate on
// every kind of path, real launches by GLib (gio launch, and a desktop action), idempotence,
// moved copies, ~/Applications, refusals, hooks, signatures, and an uninstall that leaves
// the tree as it found it.
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <filesystem>
#include <map>
#include <thread>

#include "core/desktop/entry.hpp"
#include "mkappimage_fixture.hpp"
#include "support.hpp"

namespace squashrun::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kEntry =
    "[Desktop Entry]\n"
    "Type=Application\n"
    "Name=Hello World\n"
    "Comment=Says hello\n"
    "Exec=hello %F\n"
    "Icon=hello\n"
    "Categories=Utility;\n"
    "MimeType=application/x-squashrun-hello;\n"
    "Actions=Second;\n"
    "\n"
    "[Desktop Action Second]\n"
    "Name=Second window\n"
    "Exec=hello --second %u\n";

constexpr const char* kMimePackage =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<mime-info xmlns=\"http://www.freedesktop.org/standards/shared-mime-info\">\n"
    "  <mime-type type=\"application/x-squashrun-hello\">\n"
    "    <comment>Hello document</comment>\n"
    "    <glob pattern=\"*.squashrun-hello\"/>\n"
    "  </mime-type>\n"
    "</mime-info>\n";

constexpr const char* kAppStream =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<component type=\"desktop-application\"><id>hello</id><name>Hello World</name>"
    "</component>\n";

// A minimal valid PNG header of the given width (the installer reads only the header).
std::string png(uint32_t width) {
    std::string head = "\x89PNG\r\n\x1a\n";
    head += std::string("\0\0\0\x0dIHDR", 8);
    for (int round = 0; round < 2; ++round) {
        for (int shift : {24, 16, 8, 0})
            head += static_cast<char>(width >> shift & 0xff);
    }
    return head + std::string("\x08\x06\0\0\0", 5) + "rest of the image";
}

// Every file and directory below `dir` with its content ("<dir>" for directories).
std::map<std::string, std::string> snapshot(const std::string& dir) {
    std::map<std::string, std::string> tree;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        std::string relative = e.path().string().substr(dir.size() + 1);
        tree[relative] = e.is_directory() ? "<dir>" : read_file(e.path().string());
    }
    return tree;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

// Waits until `path` exists and has content; empty on timeout.
std::string wait_for_file(const std::string& path) {
    for (int i = 0; i < 200; ++i) {
        if (exists(path)) {
            std::string content = read_file(path);
            if (!content.empty() && content.back() == '\n') return content;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return "";
}

class DesktopInstall : public Mkappimage {
  protected:
    void SetUp() override {
        Mkappimage::SetUp();
        SQUASHRUN_REQUIRE_FUSE();
        appdir_ = root_ + "/Desktop AppDir";
        fs::create_directories(appdir_ + "/usr/bin");
        fs::copy_file(apprun_path(), appdir_ + "/AppRun");
        write_file(appdir_ + "/hello.desktop", kEntry);
        // The app writes its arguments, one [arg] each, to $HELLO_OUT.
        write_file(
            appdir_ + "/usr/bin/hello",
            "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]' \"$a\"; done > \"$HELLO_OUT.tmp\"\n"
            "echo >> \"$HELLO_OUT.tmp\"; mv \"$HELLO_OUT.tmp\" \"$HELLO_OUT\"\n",
            0755);
        add(appdir_ + "/usr/share/icons/hicolor/48x48/apps/hello.png", png(48));
        add(appdir_ + "/usr/share/icons/hicolor/scalable/apps/hello.svg", "<svg/>\n");
        add(appdir_ + "/usr/share/mime/packages/hello.xml", kMimePackage);
        add(appdir_ + "/usr/share/metainfo/hello.appdata.xml", kAppStream);
        data_ = root_ + "/home/.local/share";
        fs::create_directories(data_);
        out_ = root_ + "/hello.out";
    }

    static void add(const std::string& path, const std::string& content) {
        fs::create_directories(fs::path(path).parent_path());
        write_file(path, content);
    }

    std::string build(const std::string& name = "Hello App.AppImage") {
        std::string app = root_ + "/" + name;
        fs::create_directories(fs::path(app).parent_path());
        build_appimage(appdir_, app);
        return app;
    }

    // The AppImage run with the test's HOME (XDG_DATA_HOME unset unless `xdg` is given).
    Outcome launch(const std::string& app, std::vector<std::string> args, bool xdg = true) const {
        Command c = command(app, std::move(args));
        c.env["HOME"] = root_ + "/home";
        c.env["XDG_DATA_HOME"] = xdg ? std::optional<std::string>(data_) : std::nullopt;
        c.env["HELLO_OUT"] = out_;
        return run(c);
    }

    std::string id_of(const std::string& app) const {
        auto md5 =
            run(Command::of({"/bin/sh", "-c", "printf %s \"$1\" | md5sum", "sh", "file://" + app}));
        return md5.out.substr(0, 32);
    }

    // The installed entry of `app`, whose name also carries the sanitized Name.
    std::string entry_path(const std::string& app, const std::string& name = "Hello_World") const {
        return data_ + "/applications/appimagekit_" + id_of(app) + "-" + name + ".desktop";
    }

    core::DesktopFile entry_of(const std::string& app) const {
        auto parsed = core::parse_desktop_file(read_file(entry_path(app)));
        EXPECT_TRUE(parsed) << parsed.message();
        return parsed ? *parsed : core::DesktopFile{};
    }

    std::vector<std::string> desktop_entries() const {
        std::vector<std::string> names;
        for (const auto& name : list_dir(data_ + "/applications"))
            if (name.ends_with(".desktop")) names.push_back(name);
        return names;
    }

    std::string data_;
    std::string out_;
};

TEST_F(DesktopInstall, WritesTheEntryIconsMimeAndAppStreamAndRefreshesTheCaches) {
    std::string app = build();
    auto installed = launch(app, {"--install-desktop"});
    ASSERT_EQ(installed.exit_code(), 0) << installed.describe();
    std::string id = id_of(app);
    std::string prefix = "appimagekit_" + id;
    std::vector<std::string> expected = {
        entry_path(app),
        data_ + "/icons/hicolor/48x48/apps/" + prefix + "_hello.png",
        data_ + "/icons/hicolor/scalable/apps/" + prefix + "_hello.svg",
        data_ + "/mime/packages/" + prefix + "_hello.xml",
        data_ + "/metainfo/" + prefix + "_hello.appdata.xml",
    };
    EXPECT_EQ(lines_of(installed.out), expected);
    EXPECT_EQ(installed.err, "");
    EXPECT_EQ(read_file(expected[1]), png(48));
    EXPECT_EQ(read_file(expected[2]), "<svg/>\n");
    EXPECT_EQ(read_file(expected[3]), kMimePackage);
    EXPECT_EQ(read_file(expected[4]), kAppStream);

    core::DesktopFile entry = entry_of(app);
    EXPECT_EQ(entry.entry("Exec"), "\"" + app + "\" %F");
    EXPECT_EQ(entry.entry("TryExec"), app);
    EXPECT_EQ(entry.entry("Icon"), prefix + "_hello");
    EXPECT_EQ(entry.entry("X-AppImage-Identifier"), id);
    EXPECT_EQ(entry.entry("Name"), "Hello World");
    EXPECT_EQ(entry.entry("Comment"), "Says hello");
    ASSERT_NE(entry.group("Desktop Action Second"), nullptr);
    EXPECT_EQ(entry.group("Desktop Action Second")->value("Exec"), "\"" + app + "\" --second %u");

    auto valid = run(Command::of({"/usr/bin/desktop-file-validate", entry_path(app)}));
    EXPECT_EQ(valid.exit_code(), 0) << valid.describe();
    // The caches: update-desktop-database maps the MIME type to the entry,
    // update-mime-database knows the type.
    std::string mimeinfo = read_file(data_ + "/applications/mimeinfo.cache");
    EXPECT_NE(mimeinfo.find("application/x-squashrun-hello=" + prefix), std::string::npos)
        << mimeinfo;
    EXPECT_NE(read_file(data_ + "/mime/globs2").find("*.squashrun-hello"), std::string::npos);
}

TEST_F(DesktopInstall, TheVersionGoesIntoTheNameAndDotDirIconIsTheFallback) {
    std::string text = kEntry;
    text.insert(text.find("Comment="), "X-AppImage-Version=1.2.3\n");
    write_file(appdir_ + "/hello.desktop", text);
    fs::remove_all(appdir_ + "/usr/share/icons");
    write_file(appdir_ + "/hello.png", png(100));
    fs::create_symlink("hello.png", appdir_ + "/.DirIcon");
    std::string app = build();
    auto installed = launch(app, {"--install-desktop"});
    ASSERT_EQ(installed.exit_code(), 0) << installed.describe();
    EXPECT_EQ(entry_of(app).entry("Name"), "Hello World (1.2.3)");
    // 100 pixels wide: filed under the nearest hicolor size.
    std::string icon = data_ + "/icons/hicolor/96x96/apps/appimagekit_" + id_of(app) + "_hello.png";
    EXPECT_EQ(read_file(icon), png(100));
    // An SVG .DirIcon goes under scalable.
    fs::remove(appdir_ + "/.DirIcon");
    write_file(appdir_ + "/.DirIcon", "<?xml version=\"1.0\"?>\n<svg width=\"1\"/>\n");
    std::string svg_app = build("Svg.AppImage");
    ASSERT_EQ(launch(svg_app, {"--install-desktop"}).exit_code(), 0);
    EXPECT_TRUE(exists(data_ + "/icons/hicolor/scalable/apps/appimagekit_" + id_of(svg_app) +
                       "_hello.svg"));
}

// desktop-file-validate accepts the entry for AppImage paths with every character the Exec
// quoting rules treat specially, and GLib's launcher starts the AppImage with the user's
// arguments intact, through the entry and through its action.
TEST_F(DesktopInstall, AnyPathValidatesAndLaunchesThroughGio) {
    std::string app = build();
    for (std::string dir :
         {"a space", "quote'single", "quote\"double", "dollar$HOME", "back`tick`", "back\\slash",
          "percent%U%%", "tab\there", "utf8-\xc3\xa9\xe2\x82\xac"}) {
        SCOPED_TRACE(dir);
        std::string copy = root_ + "/" + dir + "/App.AppImage";
        fs::create_directories(root_ + "/" + dir);
        fs::copy_file(app, copy);
        auto installed = launch(copy, {"--install-desktop"});
        ASSERT_EQ(installed.exit_code(), 0) << installed.describe();
        auto valid = run(Command::of({"/usr/bin/desktop-file-validate", entry_path(copy)}));
        EXPECT_EQ(valid.exit_code(), 0) << valid.describe();
        EXPECT_EQ(entry_of(copy).entry("TryExec"), copy);

        ::unlink(out_.c_str());
        Command gio = Command::of(
            {"/usr/bin/gio", "launch", entry_path(copy), root_ + "/file one.txt", root_ + "/two"});
        gio.env["HELLO_OUT"] = out_;
        gio.env["TMPDIR"] = tmp_;
        gio.env["SQUASHRUN_MOUNT_GRACE"] = "0";
        auto launched = run(gio);
        ASSERT_EQ(launched.exit_code(), 0) << launched.describe();
        EXPECT_EQ(wait_for_file(out_), "[" + root_ + "/file one.txt][" + root_ + "/two]\n");
    }
}

TEST_F(DesktopInstall, ADesktopActionLaunchesThroughGlib) {
    const char* python = "/usr/bin/python3";
    auto gi = run(Command::of({python, "-c", "import gi; gi.require_version('Gio', '2.0')"}));
    if (gi.exit_code() != 0) {
        if (running_in_ci()) FAIL() << "python3-gi is needed (scripts/install-deps)";
        GTEST_SKIP() << "no python3-gi";
    }
    std::string app = build("with space/Hello App.AppImage");
    ASSERT_EQ(launch(app, {"--install-desktop"}).exit_code(), 0);
    Command action = Command::of({python, "-c",
                                  "import sys, gi\n"
                                  "gi.require_version('Gio', '2.0')\n"
                                  "from gi.repository import Gio\n"
                                  "info = Gio.DesktopAppInfo.new_from_filename(sys.argv[1])\n"
                                  "print(info.list_actions())\n"
                                  "info.launch_action('Second', None)\n",
                                  entry_path(app)});
    action.env["HELLO_OUT"] = out_;
    action.env["TMPDIR"] = tmp_;
    action.env["SQUASHRUN_MOUNT_GRACE"] = "0";
    auto launched = run(action);
    ASSERT_EQ(launched.exit_code(), 0) << launched.describe();
    EXPECT_EQ(launched.out, "['Second']\n");
    EXPECT_EQ(wait_for_file(out_), "[--second]\n");
}

TEST_F(DesktopInstall, ValuesWithNewlinesOrFieldCodesCannotInjectKeys) {
    write_file(appdir_ + "/hello.desktop",
               "[Desktop Entry]\n"
               "Type=Application\n"
               "Name=Evil\\nExec=/bin/rm -rf /\n"
               "Comment=x\\n[Desktop Action Evil]\\nExec=evil\n"
               "Exec=hello --literal=%%f %F\n"
               "Icon=hello\n");
    std::string app = build("Evil %f.AppImage");
    auto installed = launch(app, {"--install-desktop"});
    ASSERT_EQ(installed.exit_code(), 0) << installed.describe();
    std::string path = entry_path(app, "Evil_Exec__bin_rm_-rf__");
    std::string text = read_file(path);
    auto entry = core::parse_desktop_file(text);
    ASSERT_TRUE(entry) << entry.message();
    EXPECT_EQ(entry->groups.size(), 1U) << text;
    EXPECT_EQ(entry->entry("Name"), "Evil\nExec=/bin/rm -rf /");
    EXPECT_EQ(entry->entry("Exec"), "/bin/sh -c \"exec \\\"\\$0\\\" \\\"\\$@\\\"\" \"" + root_ +
                                        "/Evil %%f.AppImage\" --literal=%%f %F");
    auto valid = run(Command::of({"/usr/bin/desktop-file-validate", path}));
    EXPECT_EQ(valid.exit_code(), 0) << valid.describe();
    Command gio = Command::of({"/usr/bin/gio", "launch", path, root_ + "/a b"});
    gio.env["HELLO_OUT"] = out_;
    gio.env["TMPDIR"] = tmp_;
    gio.env["SQUASHRUN_MOUNT_GRACE"] = "0";
    ASSERT_EQ(run(gio).exit_code(), 0);
    // The entry's own arguments reach the AppImage, whose AppRun runs the AppDir's Exec= line
    // (which has them too) with them.
    EXPECT_EQ(wait_for_file(out_), "[--literal=%f][--literal=%f][" + root_ + "/a b]\n");
}

TEST_F(DesktopInstall, InstallingTwiceLeavesOneEntryAndDryRunWritesNothing) {
    std::string app = build();
    auto dry = launch(app, {"--install-desktop", "--dry-run"});
    ASSERT_EQ(dry.exit_code(), 0) << dry.describe();
    EXPECT_EQ(lines_of(dry.out).size(), 5U) << dry.out;
    EXPECT_EQ(lines_of(dry.out).front(), entry_path(app));
    EXPECT_TRUE(snapshot(data_).empty());
    ASSERT_EQ(launch(app, {"--install-desktop"}).exit_code(), 0);
    auto first = snapshot(data_);
    auto again = launch(app, {"--install-desktop"});
    ASSERT_EQ(again.exit_code(), 0) << again.describe();
    EXPECT_EQ(snapshot(data_), first);
    EXPECT_EQ(desktop_entries().size(), 1U);
}

TEST_F(DesktopInstall, UninstallLeavesTheTreeAsItWas) {
    std::string app = build();
    // An empty XDG_DATA_HOME, and one holding the user's own files.
    ASSERT_EQ(launch(app, {"--install-desktop"}).exit_code(), 0);
    auto removed = launch(app, {"--uninstall-desktop"});
    ASSERT_EQ(removed.exit_code(), 0) << removed.describe();
    EXPECT_EQ(lines_of(removed.out).size(), 5U) << removed.out;
    EXPECT_TRUE(snapshot(data_).empty()) << lines_of(removed.out).front();

    add(data_ + "/applications/mine.desktop", "[Desktop Entry]\nName=Mine\n");
    add(data_ + "/icons/hicolor/48x48/apps/mine.png", png(48));
    add(data_ + "/mime/packages/mine.xml", "<mime-info/>\n");
    auto before = snapshot(data_);
    ASSERT_EQ(launch(app, {"--install-desktop"}).exit_code(), 0);
    EXPECT_NE(snapshot(data_), before);
    ASSERT_EQ(launch(app, {"--uninstall-desktop"}).exit_code(), 0);
    auto after = snapshot(data_);
    // update-mime-database regenerates mime/ from the packages that are left, and the desktop
    // database keeps its (now empty) cache: the rest is exactly as before.
    std::erase_if(after, [&](const auto& e) {
        return before.count(e.first) == 0 &&
               (e.first.starts_with("mime/") || e.first == "applications/mimeinfo.cache");
    });
    EXPECT_EQ(after, before);
    // Nothing left to remove is not an error.
    auto nothing = launch(app, {"--uninstall-desktop"});
    EXPECT_EQ(nothing.exit_code(), 0);
    EXPECT_NE(nothing.err.find("nothing is installed for " + app), std::string::npos);
}

TEST_F(DesktopInstall, ANewPathReplacesTheEntriesOfAMovedOrDeletedCopy) {
    std::string old_path = build("Old.AppImage");
    ASSERT_EQ(launch(old_path, {"--install-desktop"}).exit_code(), 0);
    std::string old_id = id_of(old_path);
    std::string new_path = root_ + "/moved/New.AppImage";
    fs::create_directories(root_ + "/moved");
    fs::rename(old_path, new_path);
    ASSERT_EQ(launch(new_path, {"--install-desktop"}).exit_code(), 0);
    EXPECT_EQ(desktop_entries(),
              std::vector<std::string>{"appimagekit_" + id_of(new_path) + "-Hello_World.desktop"});
    for (const auto& [path, content] : snapshot(data_))
        EXPECT_EQ(path.find(old_id), std::string::npos) << path;
    // A copy still in place keeps its entry.
    std::string kept = root_ + "/Kept.AppImage";
    fs::copy_file(new_path, kept);
    ASSERT_EQ(launch(kept, {"--install-desktop"}).exit_code(), 0);
    EXPECT_EQ(desktop_entries().size(), 2U);
    // The directories the first install created are still known: uninstalling both leaves
    // nothing.
    ASSERT_EQ(launch(kept, {"--uninstall-desktop"}).exit_code(), 0);
    ASSERT_EQ(launch(new_path, {"--uninstall-desktop"}).exit_code(), 0);
    EXPECT_TRUE(snapshot(data_).empty());
}

TEST_F(DesktopInstall, UninstallWorksAfterTheAppImageMovedOrWasDeleted) {
    std::string app = build("First.AppImage");
    ASSERT_EQ(launch(app, {"--install-desktop"}).exit_code(), 0);
    // Moved: the new copy removes the entries its old path left.
    std::string moved = root_ + "/Moved.AppImage";
    fs::rename(app, moved);
    auto removed = launch(moved, {"--uninstall-desktop"});
    ASSERT_EQ(removed.exit_code(), 0) << removed.describe();
    EXPECT_TRUE(snapshot(data_).empty());
    // Deleted: any copy removes them given the old path.
    std::string other = build("Other.AppImage");
    ASSERT_EQ(launch(other, {"--install-desktop"}).exit_code(), 0);
    std::string survivor = root_ + "/Survivor.AppImage";
    fs::copy_file(other, survivor);
    ::unlink(other.c_str());
    auto by_path = launch(survivor, {"--uninstall-desktop", "Other.AppImage"});
    ASSERT_EQ(by_path.exit_code(), 0) << by_path.describe();
    EXPECT_TRUE(snapshot(data_).empty());
}

TEST_F(DesktopInstall, CopyAndMoveIntoApplications) {
    std::string app = build();
    std::string target = root_ + "/home/Applications/Hello App.AppImage";
    auto copied = launch(app, {"--install-desktop", "--copy"});
    ASSERT_EQ(copied.exit_code(), 0) << copied.describe();
    EXPECT_TRUE(exists(app));
    EXPECT_EQ(read_file(target), read_file(app));
    EXPECT_EQ(entry_of(target).entry("TryExec"), target);
    struct stat st {};
    ASSERT_EQ(::stat(target.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0755U);
    // Nothing is overwritten without --force.
    auto again = launch(app, {"--install-desktop", "--move"});
    EXPECT_EQ(again.exit_code(), 1) << again.describe();
    EXPECT_NE(again.err.find(target + " already exists; --force replaces it"), std::string::npos)
        << again.err;
    EXPECT_TRUE(exists(app));
    auto moved = launch(app, {"--install-desktop", "--move", "--force"});
    ASSERT_EQ(moved.exit_code(), 0) << moved.describe();
    EXPECT_FALSE(exists(app));
    EXPECT_EQ(desktop_entries(),
              std::vector<std::string>{"appimagekit_" + id_of(target) + "-Hello_World.desktop"});
    auto both = launch(target, {"--install-desktop", "--move", "--copy"});
    EXPECT_EQ(both.exit_code(), 2) << both.describe();
}

TEST_F(DesktopInstall, RefusalsSayWhyAndWriteNothing) {
    std::string app = build();
    add(data_ + "/appimagekit/no_desktopintegration", "");
    auto opted_out = launch(app, {"--install-desktop"});
    EXPECT_EQ(opted_out.exit_code(), 1);
    EXPECT_EQ(opted_out.err, "AppRun: not installing " + app + ": " + data_ +
                                 "/appimagekit/no_desktopintegration exists\n");
    fs::remove_all(data_ + "/appimagekit");

    const std::pair<const char*, const char*> cases[] = {
        {"X-AppImage-Integrate=false\n", "X-AppImage-Integrate=false"},
        {"NoDisplay=true\n", "NoDisplay=true"},
    };
    for (const auto& [line, reason] : cases) {
        std::string text = kEntry;
        text.insert(text.find("Icon="), line);
        write_file(appdir_ + "/hello.desktop", text);
        std::string refused = build("Refused.AppImage");
        auto outcome = launch(refused, {"--install-desktop"});
        EXPECT_EQ(outcome.exit_code(), 1) << line;
        EXPECT_EQ(lines_of(outcome.err).size(), 1U) << outcome.err;
        EXPECT_NE(outcome.err.find(reason), std::string::npos) << outcome.err;
    }
    EXPECT_TRUE(snapshot(data_).empty());
    auto unknown = launch(app, {"--install-desktop", "--bogus"});
    EXPECT_EQ(unknown.exit_code(), 2);
    EXPECT_EQ(unknown.err, "AppRun: --install-desktop: unknown option --bogus\n");
    // Without XDG_DATA_HOME, under $HOME/.local/share, made when a new account has none.
    fs::remove_all(root_ + "/home/.local");
    ASSERT_EQ(launch(app, {"--install-desktop"}, false).exit_code(), 0);
    EXPECT_TRUE(exists(entry_path(app)));
}

TEST_F(DesktopInstall, ConfigurationRenamesDisablesAndRunsHooks) {
    // The hooks record their arguments and whether they see the bundle's variables.
    write_file(appdir_ + "/usr/bin/record",
               "#!/bin/sh\n{ echo \"$0 APPDIR=${APPDIR-unset} HOME=$HOME\"; "
               "for a in \"$@\"; do echo \"$a\"; done; } > \"$HELLO_OUT.$(basename \"$0\")\"\n",
               0755);
    fs::create_hard_link(appdir_ + "/usr/bin/record", appdir_ + "/usr/bin/after");
    fs::create_hard_link(appdir_ + "/usr/bin/record", appdir_ + "/usr/bin/before");
    write_file(appdir_ + "/apprun.conf",
               "exec = ${APPDIR}/usr/bin/hello\n"
               "install-desktop-option = --add-to-menu\n"
               "uninstall-desktop-option = --remove-from-menu\n"
               "after-install = ${APPDIR}/usr/bin/after\n"
               "before-uninstall = ${APPDIR}/usr/bin/before\n");
    std::string app = build();
    // The renamed flags are the app's no more: --install-desktop reaches the app.
    auto passed = launch(app, {"--install-desktop"});
    ASSERT_EQ(passed.exit_code(), 0) << passed.describe();
    EXPECT_EQ(wait_for_file(out_), "[--install-desktop]\n");
    EXPECT_TRUE(snapshot(data_).empty());

    auto installed = launch(app, {"--add-to-menu"});
    ASSERT_EQ(installed.exit_code(), 0) << installed.describe();
    auto after = lines_of(read_file(out_ + ".after"));
    ASSERT_FALSE(after.empty());
    EXPECT_NE(after[0].find("APPDIR=unset HOME=" + root_ + "/home"), std::string::npos) << after[0];
    EXPECT_EQ(std::vector<std::string>(after.begin() + 1, after.end()), lines_of(installed.out));

    auto removed = launch(app, {"--remove-from-menu"});
    ASSERT_EQ(removed.exit_code(), 0) << removed.describe();
    auto before = lines_of(read_file(out_ + ".before"));
    ASSERT_FALSE(before.empty());
    EXPECT_EQ(std::vector<std::string>(before.begin() + 1, before.end()), lines_of(removed.out));
    EXPECT_TRUE(snapshot(data_).empty());

    // A failing before-uninstall hook keeps everything.
    ASSERT_EQ(launch(app, {"--add-to-menu"}).exit_code(), 0);
    auto kept = snapshot(data_);
    write_file(appdir_ + "/usr/bin/before", "#!/bin/sh\nexit 3\n", 0755);
    std::string failing = build();
    ASSERT_EQ(failing, app);
    auto refused = launch(app, {"--remove-from-menu"});
    EXPECT_EQ(refused.exit_code(), 1);
    EXPECT_NE(refused.err.find("exit status 3; nothing was removed"), std::string::npos)
        << refused.err;
    EXPECT_EQ(snapshot(data_), kept);

    // Turned off: both flags belong to the app.
    write_file(appdir_ + "/apprun.conf",
               "exec = ${APPDIR}/usr/bin/hello\ndesktop-integration = no\n");
    std::string off = build("Off.AppImage");
    ::unlink(out_.c_str());
    auto plain = launch(off, {"--install-desktop", "x"});
    ASSERT_EQ(plain.exit_code(), 0) << plain.describe();
    EXPECT_EQ(wait_for_file(out_), "[--install-desktop][x]\n");
}

// With a portable home (App.AppImage.home), the app's HOME moves, but the menu stays the
// user's: install uses the host's HOME.
TEST_F(DesktopInstall, APortableHomeDoesNotMoveTheMenu) {
    std::string app = build();
    fs::create_directories(app + ".home");
    auto installed = launch(app, {"--install-desktop"}, false);
    ASSERT_EQ(installed.exit_code(), 0) << installed.describe();
    EXPECT_TRUE(exists(entry_path(app)));
    EXPECT_FALSE(exists(app + ".home/.local"));
}

// A SIGINT that arrives while the files are staged cancels the install. Here it is made
// certain: the launch starts with SIGINT blocked and already pending (both survive exec), so
// AppRun finds it waiting when it comes to commit.
TEST_F(DesktopInstall, AnInterruptBeforeTheCommitLeavesNothingBehind) {
    std::string app = build();
    Command c =
        command("/usr/bin/python3", {"-c",
                                     "import os, signal, sys\n"
                                     "signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})\n"
                                     "os.kill(os.getpid(), signal.SIGINT)\n"
                                     "os.execv(sys.argv[1], sys.argv[1:])\n",
                                     app, "--install-desktop"});
    c.env["HOME"] = root_ + "/home";
    c.env["XDG_DATA_HOME"] = data_;
    auto interrupted = run(c);
    EXPECT_EQ(interrupted.exit_code(), 1) << interrupted.describe();
    EXPECT_EQ(interrupted.err, "AppRun: interrupted; nothing was installed\n");
    EXPECT_TRUE(snapshot(data_).empty());
}

TEST_F(DesktopInstall, AFullDiskLeavesNothingBehind) {
    if (::geteuid() != 0) GTEST_SKIP() << "mounting a small tmpfs needs root (the root run has it)";
    for (int i = 0; i < 4; ++i)
        add(appdir_ + "/usr/share/icons/hicolor/256x256/apps/big" + std::to_string(i) + ".png",
            png(256) + noise(size_t{100} * 1000));
    std::string app = build();
    ASSERT_EQ(::mount("tmpfs", data_.c_str(), "tmpfs", 0, "size=256k,mode=0755"), 0)
        << std::strerror(errno);
    auto failed = launch(app, {"--install-desktop"});
    auto left = snapshot(data_);
    ::umount(data_.c_str());
    EXPECT_EQ(failed.exit_code(), 1) << failed.describe();
    EXPECT_NE(failed.err.find("No space left on device; nothing was installed"), std::string::npos)
        << failed.err;
    EXPECT_TRUE(left.empty()) << left.begin()->first;
}

class SignedDesktopInstall : public DesktopInstall {};

TEST_F(SignedDesktopInstall, ASignedAppImageInstallsOnlyWhenItVerifies) {
    // Incompressible data, so that a byte in the middle of the file is this file's.
    std::string big(size_t{300} * 1000, '\0');
    uint32_t state = 12345;
    for (char& c : big) {
        state = state * 1103515245U + 12345U;
        c = static_cast<char>(state >> 16);
    }
    write_file(appdir_ + "/usr/share/big.bin", big);
    Command key = mkappimage({"--generate-key", "release.key"}, false);
    ASSERT_EQ(run(key).exit_code(), 0);
    auto built = run(mkappimage({"--sign", "release.key", appdir_, "Signed.AppImage"}));
    ASSERT_EQ(built.exit_code(), 0) << built.describe();
    std::string app = root_ + "/Signed.AppImage";
    auto installed = launch(app, {"--install-desktop"});
    ASSERT_EQ(installed.exit_code(), 0) << installed.describe();
    ASSERT_EQ(launch(app, {"--uninstall-desktop"}).exit_code(), 0);

    std::string content = read_file(app);
    size_t middle = content.find(big.substr(size_t{150} * 1000, 64));
    ASSERT_NE(middle, std::string::npos);
    content[middle] = static_cast<char>(content[middle] ^ 0x40);
    std::string altered = root_ + "/Altered.AppImage";
    write_file(altered, content, 0755);
    auto refused = launch(altered, {"--install-desktop"});
    EXPECT_EQ(refused.exit_code(), 1) << refused.describe();
    EXPECT_NE(refused.err.find("AppRun: not installing " + altered + ": fails its signature check"),
              std::string::npos)
        << refused.err;
    EXPECT_TRUE(snapshot(data_).empty());
}

}  // namespace
}  // namespace squashrun::test
