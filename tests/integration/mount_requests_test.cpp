// The mount's request handlers as a user sees them, checked against the image's source tree.
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/xattr.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <future>
#include <latch>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <thread>

#include "support.hpp"

namespace squashrun::test {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

constexpr size_t kBlockSize = 131072;
constexpr size_t kManyEntries = 2000;
constexpr size_t kMediumFiles = 16;
// Bigger than one squashfs block and one FUSE read, and not a multiple of either.
constexpr size_t kLargeSize = 5 * 1024 * 1024 + 12345;
constexpr time_t kBaseMtime = 1000000000;  // 2001-09-09, far from "now"
constexpr const char* kFileXattr = "user.squashrun.note";
constexpr const char* kDirXattr = "user.squashrun.dir";
constexpr const char* kTrustedXattr = "trusted.squashrun.t";
constexpr const char* kSecurityXattr = "security.squashrun.s";
const std::string kFileXattrValue = "hello xattr";
const std::string kUnicodeName = "name with spaces & ünicøde.txt";

// Seeded bytes: random ones (stored uncompressed by mksquashfs) or letters (compressed).
std::string bytes_of(uint64_t seed, size_t size, bool letters) {
    std::mt19937_64 engine(seed);
    std::string out(size, '\0');
    for (size_t i = 0; i < size; i += 8) {
        uint64_t word = engine();
        for (size_t j = i; j < std::min(size, i + 8); ++j, word >>= 8) {
            out[j] = letters ? static_cast<char>('a' + (word & 0xff) % 26)
                             : static_cast<char>(word & 0xff);
        }
    }
    return out;
}

// The large file: segments of 100,000 bytes alternating random and letters, so that its
// squashfs blocks are a mix of compressed and stored ones.
std::string large_content() {
    std::string out;
    for (size_t at = 0, i = 0; at < kLargeSize; at += 100000, ++i) {
        out += bytes_of(i + 100, std::min<size_t>(100000, kLargeSize - at), i % 2 == 1);
    }
    return out;
}

// The directory's xattr value: longer than most.
std::string dir_xattr_value() {
    return bytes_of(7, 1000, true);
}

std::string many_name(size_t i) {
    char name[32];
    std::snprintf(name, sizeof name, "entry-%04zu", i);
    // Names of varying length, so the entries' sizes in a reply vary.
    return std::string(name) + std::string(i % 37, 'x');
}

std::string medium_name(size_t i) {
    return "medium/m-" + std::to_string(i) + ".bin";
}

std::string medium_content(size_t i) {
    return bytes_of(1000 + i, 100000 + i * 7919, i % 2 == 0);
}

std::string mksquashfs_error(const std::string& source, const std::string& payload,
                             std::vector<std::string> extra) {
    Command c = Command::of({"/usr/bin/mksquashfs", source, payload, "-noappend", "-quiet",
                             "-no-progress", "-comp", "zstd", "-Xcompression-level", "3", "-b",
                             std::to_string(kBlockSize)});
    c.argv.insert(c.argv.end(), extra.begin(), extra.end());
    auto made = run(c);
    return made.exit_code() == 0 ? "" : "mksquashfs failed: " + made.describe();
}

// Where the source trees and images go: $SQUASHRUN_TEST_TMP when set, else /dev/shm when
// usable (creating thousands of files on a disk can take seconds), else /tmp.
std::string scratch_base() {
    if (const char* forced = std::getenv("SQUASHRUN_TEST_TMP"); forced != nullptr && *forced) {
        return forced;
    }
    return ::access("/dev/shm", W_OK | X_OK) == 0 ? "/dev/shm" : "/tmp";
}

void make_dir(const std::string& path, mode_t mode = 0755) {
    if (::mkdir(path.c_str(), mode) != 0 || ::chmod(path.c_str(), mode) != 0) {
        throw std::runtime_error("mkdir " + path + ": " + std::strerror(errno));
    }
}

void check(bool ok, const std::string& what) {
    if (!ok) throw std::runtime_error(what + ": " + std::strerror(errno));
}

// Every path under `root` (relative, "" for the root itself), parents before children.
std::vector<std::string> walk(const std::string& root) {
    std::vector<std::string> paths = {""};
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        paths.push_back(entry.path().string().substr(root.size() + 1));
    }
    return paths;
}

// Gives every entry an mtime of its own in whole seconds (what squashfs stores), long ago.
void stamp_mtimes(const std::string& root) {
    auto paths = walk(root);
    for (size_t i = paths.size(); i-- > 0;) {
        timespec times[2] = {{kBaseMtime, 0}, {kBaseMtime + static_cast<time_t>(i) * 61, 0}};
        std::string path = root + "/" + paths[i];
        check(::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW) == 0,
              "utimensat " + path);
    }
}

// All names readdir(3) returns for `dir`, "." and ".." included, in the order given.
std::vector<std::string> raw_listing(const std::string& dir,
                                     std::vector<dirent>* entries = nullptr) {
    std::vector<std::string> names;
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) return names;
    while (dirent* e = ::readdir(d)) {
        names.emplace_back(e->d_name);
        if (entries != nullptr) entries->push_back(*e);
    }
    ::closedir(d);
    return names;
}

std::vector<std::string> sorted(std::vector<std::string> names) {
    std::sort(names.begin(), names.end());
    return names;
}

// The whole file through read(2) in chunks of `chunk` bytes; "<error>" when it fails.
std::string read_all(const std::string& path, size_t chunk = 1 << 20) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return "<cannot open: " + std::string(std::strerror(errno)) + ">";
    std::string out;
    std::string buffer(chunk, '\0');
    for (;;) {
        ssize_t got = ::read(fd, buffer.data(), buffer.size());
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            out = "<read error: " + std::string(std::strerror(errno)) + ">";
            break;
        }
        if (got == 0) break;
        out.append(buffer.data(), static_cast<size_t>(got));
    }
    ::close(fd);
    return out;
}

// errno of a call returning -1, or 0 when it succeeded.
int error_of(int result) {
    return result == -1 ? errno : 0;
}

int lstat_error(const std::string& path) {
    struct stat st {};
    return error_of(::lstat(path.c_str(), &st));
}

class MountRequests : public AppImageTest {
  protected:
    // The images are built once; each test mounts afresh, so no test sees what the kernel
    // cached for another.
    static void SetUpTestSuite() {
        try {
            build_images();
        } catch (const std::exception& e) {
            build_error_ = e.what();
        }
    }

    static void TearDownTestSuite() {
        if (!images_.empty()) remove_tree(images_);
    }

    void SetUp() override {
        AppImageTest::SetUp();
        SQUASHRUN_REQUIRE_FUSE();
        ASSERT_EQ(build_error_, "") << "building the test images failed";
        mount_ = mount(app_);
        ASSERT_NE(mount_, "");
    }

    void TearDown() override {
        for (auto& child : servers_) {
            child->send(SIGTERM);
            auto result = child->finish(seconds(10));
            EXPECT_EQ(result.exit_code(), 0) << result.describe();
        }
        servers_.clear();
        AppImageTest::TearDown();
    }

    // Mounts `app` with --appimage-mount; its mount point, or "" (with a failure).
    std::string mount(const std::string& app) {
        servers_.push_back(std::make_unique<Child>(command(app, {"--appimage-mount"})));
        auto line = servers_.back()->read_line(seconds(10));
        if (!line || line->empty()) {
            ADD_FAILURE() << "no mount point printed for " << app;
            return "";
        }
        return *line;
    }

    std::string in_mount(const std::string& relative) const {
        return relative.empty() ? mount_ : mount_ + "/" + relative;
    }
    static std::string in_source(const std::string& relative) {
        return relative.empty() ? source_ : source_ + "/" + relative;
    }

    static void build_images() {
        std::string templ = scratch_base() + "/squashrun mr XXXXXX";
        check(::mkdtemp(templ.data()) != nullptr, "mkdtemp " + templ);
        images_ = templ;
        source_ = images_ + "/source";
        make_dir(source_);
        std::string s = source_ + "/";
        write_file(s + "AppRun", "#!/bin/sh\nexit 0\n", 0755);
        write_file(s + "empty", "");
        write_file(s + "small.txt", "small\n", 0640);
        write_file(s + "setuid-tool", "#!/bin/sh\n", 04755);
        write_file(s + kUnicodeName, "unicode\n", 0600);
        write_file(s + "large.bin", large_content(), 0444);
        // Two blocks of zeros (stored as sparse blocks), then data in a fragment.
        write_file(s + "sparse.bin", std::string(2 * kBlockSize, '\0') + "after the hole\n");
        make_dir(s + "medium");
        for (size_t i = 0; i < kMediumFiles; ++i)
            write_file(s + medium_name(i), medium_content(i));
        make_dir(s + "many");
        for (size_t i = 0; i < kManyEntries; ++i) {
            // Every 250th entry a directory, so a long listing mixes types.
            if (i % 250 == 0) {
                make_dir(s + "many/" + many_name(i));
            } else {
                write_file(s + "many/" + many_name(i), "entry " + std::to_string(i) + "\n");
            }
        }
        make_dir(s + "nested");
        make_dir(s + "nested/a");
        make_dir(s + "nested/a/b", 0700);
        write_file(s + "nested/a/b/deep.txt", "deep\n", 0444);
        make_dir(s + "empty-dir", 0555);
        make_dir(s + "sticky", 01777);
        write_file(s + "hard-a", "linked content\n");
        check(::link((s + "hard-a").c_str(), (s + "hard-b").c_str()) == 0, "link hard-b");
        check(::link((s + "hard-a").c_str(), (s + "nested/a/hard-c").c_str()) == 0, "link hard-c");
        make_dir(s + "links");
        check(::symlink("../small.txt", (s + "links/relative").c_str()) == 0, "symlink");
        check(::symlink("../nested/a", (s + "links/to-dir").c_str()) == 0, "symlink");
        check(::symlink("/nonexistent/target", (s + "links/dangling").c_str()) == 0, "symlink");
        long_target_ = std::string(200, 'l') + "/" + std::string(50, 't');
        check(::symlink(long_target_.c_str(), (s + "links/long").c_str()) == 0, "symlink");
        check(::mkfifo((s + "fifo").c_str(), 0600) == 0, "mkfifo");

        xattr_skip_reason_.clear();
        if (::setxattr((s + "small.txt").c_str(), kFileXattr, kFileXattrValue.data(),
                       kFileXattrValue.size(), 0) != 0) {
            xattr_skip_reason_ = "the source filesystem under " + images_ +
                                 " refuses user xattrs: " + std::strerror(errno);
        } else {
            std::string dir_value = dir_xattr_value();
            check(::setxattr((s + "nested").c_str(), kDirXattr, dir_value.data(), dir_value.size(),
                             0) == 0,
                  "setxattr nested");
            // The other two namespaces (only root may set them).
            if (::geteuid() == 0) {
                check(::setxattr((s + "small.txt").c_str(), kTrustedXattr, "t", 1, 0) == 0,
                      "setxattr trusted");
                check(::setxattr((s + "small.txt").c_str(), kSecurityXattr, "s", 1, 0) == 0,
                      "setxattr security");
            }
        }
        stamp_mtimes(source_);

        // An AppImage is the runtime followed by the payload.
        std::string runtime = read_file(runtime_path());
        std::string payload = images_ + "/payload.sqfs";
        std::string error = mksquashfs_error(source_, payload, {});
        if (!error.empty()) throw std::runtime_error(error);
        app_ = images_ + "/tree.AppImage";
        write_file(app_, runtime + read_file(payload), 0755);

        // A small image built without xattrs from a source that has one.
        std::string bare = images_ + "/bare";
        make_dir(bare);
        write_file(bare + "/AppRun", "#!/bin/sh\nexit 0\n", 0755);
        write_file(bare + "/tagged.txt", "tagged\n");
        if (xattr_skip_reason_.empty()) {
            check(::setxattr((bare + "/tagged.txt").c_str(), kFileXattr, "v", 1, 0) == 0,
                  "setxattr tagged.txt");
        }
        error = mksquashfs_error(bare, payload, {"-no-xattrs"});
        if (!error.empty()) throw std::runtime_error(error);
        bare_app_ = images_ + "/bare.AppImage";
        write_file(bare_app_, runtime + read_file(payload), 0755);
        ::unlink(payload.c_str());
    }

    inline static std::string build_error_;
    inline static std::string images_;
    inline static std::string source_;
    inline static std::string app_;
    inline static std::string bare_app_;
    inline static std::string long_target_;
    inline static std::string xattr_skip_reason_;

    std::string mount_;
    std::vector<std::unique_ptr<Child>> servers_;
};

TEST_F(MountRequests, EveryDirectoryListsWhatItsSourceHolds) {
    for (const auto& relative : walk(source_)) {
        struct stat st {};
        ASSERT_EQ(::lstat(in_source(relative).c_str(), &st), 0) << relative;
        if (!S_ISDIR(st.st_mode)) continue;
        EXPECT_EQ(sorted(list_dir(in_mount(relative))), sorted(list_dir(in_source(relative))))
            << "directory '" << relative << "'";
    }
    // std::filesystem sees the same root.
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(mount_))
        names.push_back(entry.path().filename().string());
    EXPECT_EQ(sorted(names), sorted(list_dir(source_)));
}

TEST_F(MountRequests, ALongListingHasEveryNameOnceAndDotsFirst) {
    std::vector<dirent> entries;
    auto names = raw_listing(in_mount("many"), &entries);
    ASSERT_GE(names.size(), 2U);
    EXPECT_EQ(names[0], ".");
    EXPECT_EQ(names[1], "..");
    std::map<std::string, int> seen;
    for (const auto& name : names)
        ++seen[name];
    std::vector<std::string> duplicated, missing;
    for (const auto& [name, count] : seen) {
        if (count > 1) duplicated.push_back(name);
    }
    for (size_t i = 0; i < kManyEntries; ++i) {
        if (seen.count(many_name(i)) == 0) missing.push_back(many_name(i));
    }
    EXPECT_EQ(names.size(), kManyEntries + 2);
    EXPECT_TRUE(duplicated.empty()) << duplicated.size() << " duplicated, first "
                                    << (duplicated.empty() ? "" : duplicated.front());
    EXPECT_TRUE(missing.empty()) << missing.size() << " missing, first "
                                 << (missing.empty() ? "" : missing.front());

    // d_type and d_ino are those stat reports.
    size_t wrong_type = 0, wrong_ino = 0;
    for (const dirent& e : entries) {
        std::string name = e.d_name;
        if (name == "." || name == "..") continue;
        struct stat st {};
        ASSERT_EQ(::lstat(in_mount("many/" + name).c_str(), &st), 0) << name;
        unsigned char type = S_ISDIR(st.st_mode) ? DT_DIR : DT_REG;
        if (e.d_type != type) ++wrong_type;
        if (e.d_ino != st.st_ino) ++wrong_ino;
    }
    EXPECT_EQ(wrong_type, 0U) << "entries whose d_type is not their stat's file type";
    EXPECT_EQ(wrong_ino, 0U) << "entries whose d_ino is not their stat's st_ino";

    // Listing again, and resuming from a position telldir(3) gave, yields the same names.
    EXPECT_EQ(raw_listing(in_mount("many")), names);
    DIR* d = ::opendir(in_mount("many").c_str());
    ASSERT_NE(d, nullptr);
    for (size_t i = 0; i < 1000; ++i)
        ASSERT_NE(::readdir(d), nullptr) << i;
    long middle = ::telldir(d);
    std::vector<std::string> rest;
    while (dirent* e = ::readdir(d))
        rest.emplace_back(e->d_name);
    ::seekdir(d, middle);
    std::vector<std::string> again;
    while (dirent* e = ::readdir(d))
        again.emplace_back(e->d_name);
    ::closedir(d);
    EXPECT_EQ(rest, std::vector<std::string>(names.begin() + 1000, names.end()));
    EXPECT_EQ(again, rest);
}

TEST_F(MountRequests, DotAndDotDotAreListedEverywhere) {
    EXPECT_EQ(raw_listing(in_mount("empty-dir")), (std::vector<std::string>{".", ".."}));
    for (const char* dir : {"", "nested", "nested/a/b", "links"}) {
        auto names = raw_listing(in_mount(dir));
        ASSERT_GE(names.size(), 2U) << dir;
        EXPECT_EQ(names[0], ".") << dir;
        EXPECT_EQ(names[1], "..") << dir;
        EXPECT_EQ(std::count(names.begin(), names.end(), "."), 1) << dir;
        EXPECT_EQ(std::count(names.begin(), names.end(), ".."), 1) << dir;
    }
    // "." and ".." resolve to the directory and its parent.
    struct stat dot {};
    struct stat nested {};
    struct stat dotdot {};
    struct stat root {};
    ASSERT_EQ(::stat(in_mount("nested/.").c_str(), &dot), 0);
    ASSERT_EQ(::stat(in_mount("nested").c_str(), &nested), 0);
    ASSERT_EQ(::stat(in_mount("nested/a/..").c_str(), &dotdot), 0);
    ASSERT_EQ(::stat(in_mount("nested/..").c_str(), &root), 0);
    EXPECT_EQ(dot.st_ino, nested.st_ino);
    EXPECT_EQ(dotdot.st_ino, nested.st_ino);
    struct stat mount_root {};
    ASSERT_EQ(::stat(mount_.c_str(), &mount_root), 0);
    EXPECT_EQ(root.st_ino, mount_root.st_ino);
}

TEST_F(MountRequests, EveryEntryStatsLikeItsSource) {
    size_t compared = 0;
    for (const auto& relative : walk(source_)) {
        struct stat want {};
        struct stat got {};
        ASSERT_EQ(::lstat(in_source(relative).c_str(), &want), 0) << relative;
        ASSERT_EQ(::lstat(in_mount(relative).c_str(), &got), 0)
            << "'" << relative << "': " << std::strerror(errno);
        std::string what = "'" + relative + "'";
        EXPECT_EQ(got.st_mode, want.st_mode) << what << " (type and permission bits)";
        EXPECT_EQ(got.st_mtime, want.st_mtime) << what;
        EXPECT_EQ(got.st_nlink, want.st_nlink) << what;
        EXPECT_EQ(got.st_uid, want.st_uid) << what;
        EXPECT_EQ(got.st_gid, want.st_gid) << what;
        if (S_ISREG(want.st_mode) || S_ISLNK(want.st_mode)) {
            EXPECT_EQ(got.st_size, want.st_size) << what;
        }
        ++compared;
    }
    EXPECT_GT(compared, kManyEntries);

    // stat follows symlinks inside the mount.
    struct stat st {};
    ASSERT_EQ(::stat(in_mount("links/to-dir").c_str(), &st), 0);
    EXPECT_TRUE(S_ISDIR(st.st_mode));
    ASSERT_EQ(::stat(in_mount("links/relative").c_str(), &st), 0);
    EXPECT_TRUE(S_ISREG(st.st_mode));
    EXPECT_EQ(st.st_size, 6);
}

TEST_F(MountRequests, HardLinksAreOneInode) {
    struct stat a {};
    struct stat b {};
    struct stat c {};
    struct stat other {};
    ASSERT_EQ(::lstat(in_mount("hard-a").c_str(), &a), 0);
    ASSERT_EQ(::lstat(in_mount("hard-b").c_str(), &b), 0);
    ASSERT_EQ(::lstat(in_mount("nested/a/hard-c").c_str(), &c), 0);
    ASSERT_EQ(::lstat(in_mount("small.txt").c_str(), &other), 0);
    EXPECT_EQ(a.st_nlink, 3U);
    EXPECT_EQ(b.st_nlink, 3U);
    EXPECT_EQ(c.st_nlink, 3U);
    EXPECT_EQ(a.st_ino, b.st_ino);
    EXPECT_EQ(a.st_ino, c.st_ino);
    EXPECT_NE(a.st_ino, other.st_ino);
    EXPECT_EQ(read_file(in_mount("nested/a/hard-c")), "linked content\n");

    // Apart from hard links, every entry has an inode number of its own.
    std::set<ino_t> source_inodes, mount_inodes;
    for (const auto& relative : walk(source_)) {
        struct stat st {};
        ASSERT_EQ(::lstat(in_source(relative).c_str(), &st), 0);
        source_inodes.insert(st.st_ino);
        ASSERT_EQ(::lstat(in_mount(relative).c_str(), &st), 0);
        mount_inodes.insert(st.st_ino);
    }
    EXPECT_EQ(mount_inodes.size(), source_inodes.size());
}

TEST_F(MountRequests, TheLargeFileReadsBackByteForByte) {
    const std::string want = read_file(in_source("large.bin"));
    ASSERT_EQ(want.size(), kLargeSize);
    // Odd offsets and lengths first, while nothing is in the page cache yet.
    int fd = ::open(in_mount("large.bin").c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0) << std::strerror(errno);
    struct Piece {
        size_t offset, length;
    };
    const Piece pieces[] = {{kLargeSize - 7, 100},
                            {3 * kBlockSize - 5, 300001},
                            {1, kBlockSize - 1},
                            {kBlockSize - 1, 2},
                            {999999, 1},
                            {0, 1},
                            {2 * 1024 * 1024 + 4095, 1024 * 1024 + 3}};
    for (const Piece& p : pieces) {
        std::string got(p.length, '\0');
        size_t filled = 0;
        while (filled < p.length) {
            ssize_t n = ::pread(fd, got.data() + filled, p.length - filled,
                                static_cast<off_t>(p.offset + filled));
            ASSERT_GE(n, 0) << "pread at " << p.offset + filled << ": " << std::strerror(errno);
            if (n == 0) break;
            filled += static_cast<size_t>(n);
        }
        got.resize(filled);
        EXPECT_TRUE(got == want.substr(p.offset, p.length))
            << "pread of " << p.length << " bytes at " << p.offset << " differs (got " << got.size()
            << " bytes)";
    }
    char byte = 0;
    EXPECT_EQ(::pread(fd, &byte, 1, static_cast<off_t>(kLargeSize)), 0) << "at the end";
    EXPECT_EQ(::pread(fd, &byte, 1, static_cast<off_t>(kLargeSize + 12345)), 0) << "past the end";
    ::close(fd);

    std::string got = read_all(in_mount("large.bin"), 65536 + 17);
    ASSERT_EQ(got.size(), want.size()) << got.substr(0, 100);
    EXPECT_TRUE(got == want) << "the large file differs from byte "
                             << std::mismatch(got.begin(), got.end(), want.begin()).first -
                                    got.begin();

    // Through a mapping as well.
    fd = ::open(in_mount("large.bin").c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    void* mapped = ::mmap(nullptr, kLargeSize, PROT_READ, MAP_PRIVATE, fd, 0);
    ASSERT_NE(mapped, MAP_FAILED) << std::strerror(errno);
    EXPECT_EQ(std::memcmp(mapped, want.data(), kLargeSize), 0);
    ::munmap(mapped, kLargeSize);
    ::close(fd);
}

TEST_F(MountRequests, EveryFileReadsBackAsItsSource) {
    size_t files = 0;
    for (const auto& relative : walk(source_)) {
        struct stat st {};
        ASSERT_EQ(::lstat(in_source(relative).c_str(), &st), 0);
        if (!S_ISREG(st.st_mode) || relative == "large.bin") continue;
        EXPECT_TRUE(read_all(in_mount(relative)) == read_file(in_source(relative)))
            << "'" << relative << "' differs";
        ++files;
    }
    EXPECT_GT(files, kManyEntries / 2);
    EXPECT_EQ(read_all(in_mount("empty")), "");
    EXPECT_EQ(read_all(in_mount("sparse.bin")),
              std::string(2 * kBlockSize, '\0') + "after the hole\n");
}

TEST_F(MountRequests, SymlinksGiveTheirTargets) {
    for (const char* link : {"links/relative", "links/to-dir", "links/dangling", "links/long"}) {
        char target[4096];
        ssize_t n = ::readlink(in_mount(link).c_str(), target, sizeof target);
        ASSERT_GE(n, 0) << link << ": " << std::strerror(errno);
        char want[4096];
        ssize_t m = ::readlink(in_source(link).c_str(), want, sizeof want);
        ASSERT_GE(m, 0);
        EXPECT_EQ(std::string(target, static_cast<size_t>(n)),
                  std::string(want, static_cast<size_t>(m)))
            << link;
    }
    EXPECT_EQ(fs::read_symlink(in_mount("links/long")).string(), long_target_);
    // A short buffer gets the target's start, as readlink(2) truncates.
    char start[4];
    EXPECT_EQ(::readlink(in_mount("links/relative").c_str(), start, sizeof start), 4);
    EXPECT_EQ(std::string(start, 4), "../s");
    // Followed inside the mount.
    EXPECT_EQ(read_all(in_mount("links/relative")), "small\n");
    EXPECT_EQ(read_all(in_mount("links/to-dir/b/deep.txt")), "deep\n");
    struct stat st {};
    EXPECT_EQ(error_of(::stat(in_mount("links/dangling").c_str(), &st)), ENOENT);
    // Not a symlink.
    char buffer[64];
    EXPECT_EQ(::readlink(in_mount("small.txt").c_str(), buffer, sizeof buffer), -1);
    EXPECT_EQ(errno, EINVAL);
}

TEST_F(MountRequests, MissingNamesAndPathsThroughFiles) {
    // The second time, the kernel answers from the negative entry it was given.
    for (int round = 0; round < 2; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        EXPECT_EQ(lstat_error(in_mount("no-such-name")), ENOENT);
        EXPECT_EQ(lstat_error(in_mount("nested/a/no-such-name")), ENOENT);
        EXPECT_EQ(lstat_error(in_mount("many/" + many_name(5) + "-not")), ENOENT);
        EXPECT_EQ(error_of(::open(in_mount("no-such-name").c_str(), O_RDONLY)), ENOENT);
        EXPECT_EQ(lstat_error(in_mount("no-such-dir/file")), ENOENT);
        EXPECT_EQ(lstat_error(in_mount("small.txt/child")), ENOTDIR);
        EXPECT_EQ(lstat_error(in_mount("nested/a/b/deep.txt/x/y")), ENOTDIR);
        EXPECT_EQ(error_of(::open(in_mount("small.txt/").c_str(), O_RDONLY)), ENOTDIR);
        errno = 0;
        EXPECT_EQ(::opendir(in_mount("small.txt").c_str()), nullptr);
        EXPECT_EQ(errno, ENOTDIR);
        // Longer than a squashfs name can be.
        EXPECT_EQ(lstat_error(in_mount(std::string(300, 'n'))), ENAMETOOLONG);
    }
    // Names next to the missing ones are still found.
    EXPECT_EQ(lstat_error(in_mount("small.txt")), 0);
    EXPECT_EQ(lstat_error(in_mount("many/" + many_name(5))), 0);
}

TEST_F(MountRequests, XattrsOfTheSourceAreReadBack) {
    if (!xattr_skip_reason_.empty()) GTEST_SKIP() << xattr_skip_reason_;
    std::string file = in_mount("small.txt");
    EXPECT_EQ(::getxattr(file.c_str(), kFileXattr, nullptr, 0),
              static_cast<ssize_t>(kFileXattrValue.size()))
        << std::strerror(errno);
    char value[256];
    ssize_t n = ::getxattr(file.c_str(), kFileXattr, value, sizeof value);
    ASSERT_GE(n, 0) << std::strerror(errno);
    EXPECT_EQ(std::string(value, static_cast<size_t>(n)), kFileXattrValue);
    EXPECT_EQ(::getxattr(file.c_str(), kFileXattr, value, 3), -1);
    EXPECT_EQ(errno, ERANGE);
    EXPECT_EQ(::getxattr(file.c_str(), "user.squashrun.absent", value, sizeof value), -1);
    EXPECT_EQ(errno, ENODATA);
    // A shorter name of the same type (squashfuse once read the longer one into its buffer).
    EXPECT_EQ(::getxattr(file.c_str(), "user.x", value, sizeof value), -1);
    EXPECT_EQ(errno, ENODATA);

    char names[1024];
    n = ::listxattr(file.c_str(), names, sizeof names);
    ASSERT_GE(n, 0) << std::strerror(errno);
    std::vector<std::string> listed;
    for (size_t at = 0; at < static_cast<size_t>(n); at += listed.back().size() + 1)
        listed.emplace_back(names + at);
    EXPECT_NE(std::find(listed.begin(), listed.end(), kFileXattr), listed.end())
        << "listxattr gave " << testing::PrintToString(listed);
    EXPECT_EQ(::listxattr(file.c_str(), nullptr, 0), n);
    if (::geteuid() == 0) {
        // Each namespace under its own prefix, listed and read back.
        for (const char* name : {kTrustedXattr, kSecurityXattr}) {
            EXPECT_NE(std::find(listed.begin(), listed.end(), name), listed.end())
                << name << ": listxattr gave " << testing::PrintToString(listed);
            n = ::getxattr(file.c_str(), name, value, sizeof value);
            ASSERT_EQ(n, 1) << name << ": " << std::strerror(errno);
            EXPECT_EQ(value[0], name[0]);
        }
    }

    // A directory's longer value.
    std::string dir_value(2000, '\0');
    n = ::getxattr(in_mount("nested").c_str(), kDirXattr, dir_value.data(), dir_value.size());
    ASSERT_GE(n, 0) << std::strerror(errno);
    dir_value.resize(static_cast<size_t>(n));
    EXPECT_EQ(dir_value, dir_xattr_value());

    // Entries without xattrs in an image that has some.
    std::string plain = in_mount("empty");
    EXPECT_EQ(::getxattr(plain.c_str(), kFileXattr, value, sizeof value), -1);
    EXPECT_EQ(errno, ENODATA);
    EXPECT_EQ(::listxattr(plain.c_str(), names, sizeof names), 0) << std::strerror(errno);
}

TEST_F(MountRequests, AnImageWithoutXattrsRefusesThemAtOnce) {
    std::string bare = mount(bare_app_);
    ASSERT_NE(bare, "");
    std::string file = bare + "/tagged.txt";
    // Asked on a thread, so that a hung request fails the test instead of stalling it.
    auto asked = std::async(std::launch::async, [&] {
        std::vector<int> errors;
        char value[64];
        for (int round = 0; round < 3; ++round) {
            errors.push_back(error_of(
                static_cast<int>(::getxattr(file.c_str(), kFileXattr, value, sizeof value))));
            errors.push_back(error_of(static_cast<int>(
                ::getxattr(file.c_str(), "security.capability", value, sizeof value))));
            errors.push_back(error_of(static_cast<int>(::listxattr(file.c_str(), value, 0))));
        }
        return errors;
    });
    if (asked.wait_for(seconds(5)) != std::future_status::ready) {
        ADD_FAILURE() << "xattr requests on an image without xattrs did not return within 5 s";
        // Killing the server (and the --appimage-mount process) fails the stuck call.
        for (pid_t pid : processes_running(bare_app_))
            ::kill(pid, SIGKILL);
        asked.wait();
        servers_.back()->finish();
        servers_.pop_back();
        return;
    }
    // Each round: getxattr of a user xattr, of security.capability, then listxattr.
    auto errors = asked.get();
    for (size_t i = 0; i < errors.size(); ++i) {
        int e = errors[i];
        std::string what = std::to_string(i) + ": " + (e == 0 ? "succeeded" : std::strerror(e));
        if (i % 3 == 2) {
            // Nothing to list, or not supported at all (ENOTSUP is EOPNOTSUPP on Linux).
            EXPECT_TRUE(e == 0 || e == ENOTSUP) << what;
        } else {
            EXPECT_TRUE(e == ENOTSUP || e == ENODATA) << what;
        }
    }
    EXPECT_EQ(read_all(file), "tagged\n") << "the file itself is fine";
}

TEST_F(MountRequests, IoctlsAreRefusedWithEnotty) {
    int fd = ::open(in_mount("small.txt").c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0) << std::strerror(errno);
    errno = 0;
    EXPECT_EQ(::isatty(fd), 0);
    EXPECT_EQ(errno, ENOTTY);
    termios tio{};
    EXPECT_EQ(::ioctl(fd, TCGETS, &tio), -1);
    EXPECT_EQ(errno, ENOTTY);
    char buffer[16];
    EXPECT_EQ(::read(fd, buffer, sizeof buffer), 6) << "the file still reads after the ioctls";
    ::close(fd);

    fd = ::open(in_mount("nested").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(fd, 0) << std::strerror(errno);
    errno = 0;
    EXPECT_EQ(::isatty(fd), 0);
    EXPECT_EQ(errno, ENOTTY);
    ::close(fd);
}

TEST_F(MountRequests, StatvfsReportsAReadOnlyFilesystem) {
    struct statvfs st {};
    ASSERT_EQ(::statvfs(mount_.c_str(), &st), 0) << std::strerror(errno);
    EXPECT_NE(st.f_flag & ST_RDONLY, 0U);
    EXPECT_EQ(st.f_namemax, 256U);
    EXPECT_EQ(st.f_bsize, kBlockSize);
    EXPECT_GT(st.f_blocks, 0U);
    EXPECT_EQ(st.f_bfree, 0U);
    EXPECT_GT(st.f_files, kManyEntries);
    struct statvfs inner {};
    ASSERT_EQ(::statvfs(in_mount("nested/a/b/deep.txt").c_str(), &inner), 0);
    EXPECT_EQ(inner.f_namemax, 256U);
    // What read-only means to a user.
    EXPECT_EQ(error_of(::open(in_mount("small.txt").c_str(), O_WRONLY)), EROFS);
    EXPECT_EQ(error_of(::open(in_mount("new-file").c_str(), O_WRONLY | O_CREAT, 0644)), EROFS);
    EXPECT_EQ(error_of(::mkdir(in_mount("new-dir").c_str(), 0755)), EROFS);
    EXPECT_EQ(error_of(::unlink(in_mount("small.txt").c_str())), EROFS);
}

TEST_F(MountRequests, ParallelReadersAllGetTheirOwnBytes) {
    constexpr size_t kThreads = 8;
    const std::string large = read_file(in_source("large.bin"));
    std::vector<std::string> medium(kMediumFiles);
    for (size_t i = 0; i < kMediumFiles; ++i)
        medium[i] = medium_content(i);
    std::vector<std::vector<std::string>> problems(kThreads);
    std::latch start(kThreads);
    std::vector<std::thread> threads;
    for (size_t t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            auto& mine = problems[t];
            start.arrive_and_wait();
            // A slice of the large file each, in reads of an odd size.
            size_t slice = kLargeSize / kThreads;
            size_t begin = t * slice, end = t + 1 == kThreads ? kLargeSize : begin + slice;
            int fd = ::open(in_mount("large.bin").c_str(), O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                mine.push_back("open large.bin: " + std::string(std::strerror(errno)));
                return;
            }
            std::string chunk(77777, '\0');
            for (size_t at = begin; at < end;) {
                size_t want = std::min(chunk.size(), end - at);
                ssize_t n = ::pread(fd, chunk.data(), want, static_cast<off_t>(at));
                if (n <= 0) {
                    mine.push_back("pread large.bin at " + std::to_string(at) + " gave " +
                                   std::to_string(n));
                    break;
                }
                if (large.compare(at, static_cast<size_t>(n), chunk, 0, static_cast<size_t>(n)) !=
                    0) {
                    mine.push_back("large.bin differs in the read at " + std::to_string(at));
                }
                at += static_cast<size_t>(n);
            }
            ::close(fd);
            // Medium files of its own.
            for (size_t i = t; i < kMediumFiles; i += kThreads) {
                if (read_all(in_mount(medium_name(i)), 50000 + t) != medium[i]) {
                    mine.push_back(medium_name(i) + " differs");
                }
            }
            // Its share of the long directory: each name looked up and read.
            for (size_t i = t; i < kManyEntries; i += kThreads) {
                if (i % 250 == 0) continue;
                std::string path = in_mount("many/" + many_name(i));
                if (read_all(path) != "entry " + std::to_string(i) + "\n") {
                    mine.push_back(many_name(i) + " differs");
                }
            }
            if (list_dir(in_mount("many")).size() != kManyEntries) {
                mine.push_back("the long listing has a wrong number of names");
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    for (size_t t = 0; t < kThreads; ++t) {
        EXPECT_TRUE(problems[t].empty())
            << "thread " << t << ": " << problems[t].size()
            << " problems, first: " << (problems[t].empty() ? "" : problems[t].front());
    }

    // The server did answer on more than one thread.
    size_t most_threads = 0;
    for (pid_t pid : processes_running(app_)) {
        std::string status = read_file("/proc/" + std::to_string(pid) + "/status");
        size_t at = status.find("\nThreads:");
        if (at != std::string::npos) {
            most_threads = std::max<size_t>(most_threads, std::stoul(status.substr(at + 9)));
        }
    }
    EXPECT_GE(most_threads, 2U) << "no process of the AppImage serves with several threads";
}

}  // namespace
}  // namespace squashrun::test
