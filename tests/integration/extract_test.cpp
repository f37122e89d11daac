// --appimage-extract: faithful trees, patterns, hostile images, corrupt data, full disks.
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <map>

#include "support.hpp"

namespace squashrun::test {
namespace {

class Extract : public AppImageTest {
  protected:
    // A source AppDir with modes, a setuid file, a symlink, a hard link and a read-only dir.
    std::string make_source() {
        std::string src = root_ + "/src";
        make_appdir(src, "echo app");
        ::mkdir((src + "/usr").c_str(), 0755);
        ::mkdir((src + "/usr/bin").c_str(), 0755);
        ::mkdir((src + "/usr/share").c_str(), 0755);
        write_file(src + "/usr/bin/tool", "#!/bin/sh\necho tool\n", 04755);
        write_file(src + "/usr/share/notes.txt", std::string(300000, 'n') + "end\n", 0640);
        write_file(src + "/top.txt", "top\n", 0600);
        EXPECT_EQ(::symlink("bin/tool", (src + "/usr/tool-link").c_str()), 0);
        EXPECT_EQ(::symlink("/etc/passwd", (src + "/absolute-link").c_str()), 0);
        EXPECT_EQ(::link((src + "/top.txt").c_str(), (src + "/usr/top-hardlink").c_str()), 0);
        ::mkdir((src + "/readonly").c_str(), 0755);
        write_file(src + "/readonly/inside", "ro\n");
        ::chmod((src + "/readonly").c_str(), 0555);
        return src;
    }

    Outcome extract(const std::string& app, std::vector<std::string> patterns = {}) {
        patterns.insert(patterns.begin(), "--appimage-extract");
        Command c = command(app, patterns);
        c.cwd = work_;
        return run(c);
    }

    void SetUp() override {
        AppImageTest::SetUp();
        work_ = root_ + "/work dir";
        ASSERT_EQ(::mkdir(work_.c_str(), 0755), 0);
    }
    void TearDown() override {
        // Read-only directories from payloads must not stop the cleanup.
        run(Command::of({"/bin/chmod", "-R", "u+w", root_}));
        AppImageTest::TearDown();
    }

    std::string work_;
};

// Everything lstat and readlink tell about a tree, keyed by relative path.
std::map<std::string, std::string> describe_tree(const std::string& dir, bool strip_setuid) {
    std::map<std::string, std::string> out;
    std::map<ino_t, std::string> first_of_inode;
    std::vector<std::string> pending = {""};
    while (!pending.empty()) {
        std::string rel = pending.back();
        pending.pop_back();
        for (const auto& name : list_dir(dir + (rel.empty() ? "" : "/" + rel))) {
            std::string path = rel.empty() ? name : rel + "/" + name;
            std::string full = dir + "/" + path;
            struct stat st {};
            ::lstat(full.c_str(), &st);
            mode_t mode = st.st_mode & 07777;
            if (strip_setuid) mode &= ~static_cast<mode_t>(06000);
            std::string d =
                "mode=" + std::to_string(mode) + " mtime=" + std::to_string(st.st_mtime);
            if (S_ISDIR(st.st_mode)) {
                d += " dir";
                pending.push_back(path);
            } else if (S_ISLNK(st.st_mode)) {
                char target[4096];
                ssize_t n = ::readlink(full.c_str(), target, sizeof target);
                d = "link->" + std::string(target, static_cast<size_t>(std::max<ssize_t>(n, 0)));
            } else {
                d += " file size=" + std::to_string(st.st_size) +
                     " content=" + std::to_string(std::hash<std::string>{}(read_file(full)));
                auto [it, fresh] = first_of_inode.emplace(st.st_ino, path);
                if (!fresh) d += " hardlink-of=" + it->second;
            }
            out[path] = d;
        }
    }
    return out;
}

class ExtractCompressions : public Extract, public testing::WithParamInterface<const char*> {};

TEST_P(ExtractCompressions, TreeMatchesTheSource) {
    std::string src = make_source();
    std::string app = root_ + "/app.AppImage";
    build_appimage(src, app, GetParam());
    auto result = extract(app);
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(result.err, "") << "no progress bar when stderr is not a terminal";
    auto expected = describe_tree(src, true);
    auto actual = describe_tree(work_ + "/squashfs-root", false);
    EXPECT_EQ(actual, expected);
    struct stat st {};
    ASSERT_EQ(::stat((work_ + "/squashfs-root/usr/bin/tool").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 06000, 0U) << "setuid and setgid bits are stripped";
    EXPECT_EQ(list_dir(work_), std::vector<std::string>{"squashfs-root"}) << "no staging left";
}
INSTANTIATE_TEST_SUITE_P(Extract, ExtractCompressions,
                         testing::Values("zstd", "gzip", "xz", "lz4", "lzo"));

TEST_F(Extract, Patterns) {
    std::string app = root_ + "/app.AppImage";
    build_appimage(make_source(), app);
    auto result = extract(app, {"usr/bin", "*.txt"});
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    auto tree = describe_tree(work_ + "/squashfs-root", false);
    std::vector<std::string> paths;
    for (const auto& [path, _] : tree)
        paths.push_back(path);
    EXPECT_EQ(paths,
              (std::vector<std::string>{"data.txt", "top.txt", "usr", "usr/bin", "usr/bin/tool"}));
    // Patterns that match nothing say so, fail, and leave the earlier tree alone.
    auto nothing = extract(app, {"no-such-*", "nor-this"});
    EXPECT_EQ(nothing.exit_code(), 127) << nothing.describe();
    EXPECT_NE(nothing.err.find(": cannot extract: nothing in the payload matches the patterns"),
              std::string::npos)
        << nothing.err;
    EXPECT_EQ(describe_tree(work_ + "/squashfs-root", false), tree);
}

TEST_F(Extract, ReplacesAnExistingTreeWithoutFollowingLinks) {
    std::string app = root_ + "/app.AppImage";
    build_appimage(make_source(), app);
    std::string victim = root_ + "/victim";
    ::mkdir(victim.c_str(), 0755);
    write_file(victim + "/precious", "keep me\n");
    // squashfs-root is a symlink to the victim directory.
    ASSERT_EQ(::symlink(victim.c_str(), (work_ + "/squashfs-root").c_str()), 0);
    ASSERT_EQ(extract(app).exit_code(), 0);
    // And again, now with a link inside the old tree pointing at the victim.
    ASSERT_EQ(::symlink(victim.c_str(), (work_ + "/squashfs-root/usr/evil").c_str()), 0);
    ASSERT_EQ(extract(app).exit_code(), 0);
    EXPECT_EQ(list_dir(victim), std::vector<std::string>{"precious"});
    EXPECT_EQ(read_file(victim + "/precious"), "keep me\n");
    struct stat st {};
    ASSERT_EQ(::lstat((work_ + "/squashfs-root").c_str(), &st), 0);
    EXPECT_TRUE(S_ISDIR(st.st_mode));
    EXPECT_FALSE(exists(work_ + "/squashfs-root/usr/evil"));
}

// Builds an image with uncompressed metadata, then renames entries by editing their bytes.
std::string hostile_image(Extract& test, const std::string& root, const std::string& name,
                          const std::vector<std::pair<std::string, std::string>>& renames) {
    std::string src = root + "/hostile-src";
    make_appdir(src, "echo app");
    for (const auto& [from, _] : renames)
        write_file(src + "/" + from, "x\n");
    std::string app = root + "/" + name;
    build_appimage(src, app, "none");
    std::string bytes = read_file(app);
    // Only the payload is edited: the runtime's machine code may hold the same bytes by chance
    // ("QQ" is push %rcx twice).
    size_t payload_offset = read_file(runtime_path()).size();
    for (const auto& [from, to] : renames) {
        size_t at = bytes.find(from, payload_offset);
        EXPECT_NE(at, std::string::npos) << from;
        EXPECT_EQ(bytes.find(from, at + 1), std::string::npos) << from << " appears twice";
        bytes.replace(at, from.size(), to);
    }
    write_file(app, bytes, 0755);
    (void)test;
    return app;
}

struct Hostile {
    const char* what;
    std::vector<std::pair<std::string, std::string>> renames;
    const char* expect;
};

class ExtractHostile : public Extract, public testing::WithParamInterface<Hostile> {};

TEST_P(ExtractHostile, StaysInsideTheTarget) {
    std::string app = hostile_image(*this, root_, "hostile.AppImage", GetParam().renames);
    auto result = extract(app);
    EXPECT_EQ(result.exit_code(), 127) << result.describe();
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_NE(result.err.find(app), std::string::npos) << result.err;
    EXPECT_NE(result.err.find(GetParam().expect), std::string::npos) << result.err;
    EXPECT_TRUE(list_dir(work_).empty()) << "nothing created, no partial tree";
    auto around = list_dir(root_);
    std::sort(around.begin(), around.end());
    EXPECT_EQ(around,
              (std::vector<std::string>{"hostile-src", "hostile.AppImage", "tmp", "work dir"}));
}

INSTANTIATE_TEST_SUITE_P(
    Extract, ExtractHostile,
    testing::Values(Hostile{"dot-dot", {{"QQ", ".."}}, "unsafe name '..'"},
                    Hostile{"slash", {{"QZQZQZQZ", "../pwned"}}, "unsafe name '../pwned'"},
                    Hostile{"absolute", {{"QZQZQZQZ", "/tmp/pwn"}}, "unsafe name '/tmp/pwn'"},
                    Hostile{"duplicate", {{"dataQtxt", "data.txt"}}, "duplicate name 'data.txt'"}),
    [](const testing::TestParamInfo<Hostile>& param_info) {
        std::string name = param_info.param.what;
        std::replace(name.begin(), name.end(), '-', '_');
        return name;
    });

TEST_F(Extract, CorruptDataBlockLeavesNothing) {
    std::string app = make_corrupt_app("echo app");
    auto result = extract(app);
    EXPECT_EQ(result.exit_code(), 127) << result.describe();
    EXPECT_NE(result.err.find("corrupt data"), std::string::npos) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_TRUE(list_dir(work_).empty());
}

TEST_F(Extract, FullDiskLeavesNothing) {
    if (::geteuid() != 0) GTEST_SKIP() << "mounting a small tmpfs needs root";
    std::string src = root_ + "/src";
    make_appdir(src, "echo app");
    write_file(src + "/big.bin", noise(3000000));
    std::string app = root_ + "/big.AppImage";
    build_appimage(src, app);
    ASSERT_EQ(::mount("tmpfs", work_.c_str(), "tmpfs", 0, "size=1m"), 0);
    auto result = extract(app);
    std::vector<std::string> left = list_dir(work_);
    ::umount2(work_.c_str(), MNT_DETACH);
    EXPECT_EQ(result.exit_code(), 127) << result.describe();
    EXPECT_NE(result.err.find("No space left"), std::string::npos) << result.err;
    EXPECT_TRUE(left.empty()) << "partial tree left: " << (left.empty() ? "" : left.front());
}

TEST_F(Extract, WorksWhenNoThreadCanStart) {
    // A 1 GiB stack limit under a 512 MiB address space: every new thread's stack fails to
    // map, so extraction must do the work on the calling thread (it used to abort).
    if (kSanitizedBuild) {
        GTEST_SKIP() << "ASan maps terabytes of shadow memory: no address space limit lets the "
                        "sanitized runtime start; the normal build runs this test";
    }
    std::string app = make_app("echo app");
    Command c = command(app, {"--appimage-extract"});
    std::vector<std::string> argv = {"/bin/sh", "-c",
                                     "ulimit -s 1048576 && ulimit -v 524288 && exec \"$0\" \"$@\""};
    argv.insert(argv.end(), c.argv.begin(), c.argv.end());
    c.argv = argv;
    c.cwd = work_;
    auto result = run(c);
    EXPECT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(read_file(work_ + "/squashfs-root/data.txt"), "hello-data\n");
}

}  // namespace
}  // namespace squashrun::test
