// Integration test support: files, AppImage assembly with mksquashfs, mount inspection.
#include "support.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace squashrun::test {

namespace {
std::string env_or(const char* name, const char* fallback) {
    const char* forced = std::getenv(name);
    return forced != nullptr && *forced != '\0' ? forced : fallback;
}
}  // namespace

std::string runtime_path() {
    return env_or("SQUASHRUN_RUNTIME", SQUASHRUN_RUNTIME);
}

std::string mkappimage_path() {
    return env_or("SQUASHRUN_MKAPPIMAGE", SQUASHRUN_MKAPPIMAGE);
}

std::string apprun_path() {
    return env_or("SQUASHRUN_APPRUN", SQUASHRUN_APPRUN);
}

std::string python_example_path() {
    return env_or("SQUASHRUN_PYTHON_EXAMPLE", SQUASHRUN_PYTHON_EXAMPLE);
}

std::string source_dir() {
    return env_or("SQUASHRUN_SOURCE_DIR", SQUASHRUN_SOURCE_DIR);
}

void write_file(const std::string& path, const std::string& content, unsigned mode) {
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << content;
        if (!out) throw std::runtime_error("cannot write " + path);
    }
    ::chmod(path.c_str(), mode);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bool exists(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

std::vector<std::string> list_dir(const std::string& dir) {
    std::vector<std::string> names;
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) return names;
    while (dirent* e = ::readdir(d)) {
        std::string name = e->d_name;
        if (name != "." && name != "..") names.push_back(name);
    }
    ::closedir(d);
    return names;
}

void remove_tree(const std::string& path) {
    // Read-only directories (extracted trees) must be made writable before emptying them.
    ::nftw(
        path.c_str(),
        [](const char* p, const struct stat* st, int type, FTW*) {
            if (type == FTW_D) ::chmod(p, (st->st_mode & 07777) | 0700);
            return 0;
        },
        16, FTW_PHYS | FTW_MOUNT);
    ::nftw(
        path.c_str(),
        [](const char* p, const struct stat*, int, FTW*) { return ::remove(p) == 0 ? 0 : 0; }, 16,
        FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

std::string noise(size_t size, bool letters) {
    std::string bytes(size, '\0');
    uint64_t state = 0x9e3779b97f4a7c15ULL;
    for (auto& c : bytes) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        c = letters ? static_cast<char>('a' + state % 26) : static_cast<char>(state & 0xff);
    }
    return bytes;
}

std::string field(const std::string& text, const std::string& key) {
    size_t at = text.find(key + "=");
    if (at == std::string::npos) return "<missing " + key + ">";
    at += key.size() + 1;
    return text.substr(at, text.find('\n', at) - at);
}

void make_appdir(const std::string& dir, const std::string& apprun_body) {
    ::mkdir(dir.c_str(), 0755);
    write_file(dir + "/AppRun", "#!/bin/sh\n" + apprun_body + "\n", 0755);
    write_file(dir + "/data.txt", "hello-data\n");
}

void build_appimage(const std::string& appdir, const std::string& output,
                    const std::string& compression, const std::vector<std::string>& flags) {
    std::string payload = output + ".sqfs";
    Command mksquashfs = Command::of({"/usr/bin/mksquashfs", appdir, payload, "-noappend",
                                      "-all-root", "-quiet", "-no-progress"});
    mksquashfs.argv.insert(mksquashfs.argv.end(), flags.begin(), flags.end());
    if (compression == "none") {
        for (const char* flag : {"-noI", "-noD", "-noF", "-noX"})
            mksquashfs.argv.emplace_back(flag);
    } else {
        mksquashfs.argv.insert(mksquashfs.argv.end(), {"-comp", compression});
    }
    auto made = run(mksquashfs);
    if (made.exit_code() != 0) throw std::runtime_error("mksquashfs failed: " + made.describe());
    write_file(output, read_file(runtime_path()) + read_file(payload), 0755);
    ::unlink(payload.c_str());
}

std::vector<core::MountEntry> our_mounts(const std::string& dir) {
    std::vector<core::MountEntry> found;
    for (auto& entry : core::parse_mountinfo(read_file("/proc/self/mountinfo"))) {
        if (entry.fs_type == core::kMountFsType && entry.mount_point.rfind(dir + "/", 0) == 0) {
            found.push_back(entry);
        }
    }
    return found;
}

namespace {
template <class Condition>
bool wait_until(Condition done, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}
}  // namespace

bool wait_for_no_mounts(const std::string& dir, std::chrono::milliseconds timeout) {
    return wait_until([&] { return our_mounts(dir).empty(); }, timeout);
}

bool wait_for_empty(const std::string& dir, std::chrono::milliseconds timeout) {
    return wait_until([&] { return list_dir(dir).empty(); }, timeout);
}

std::optional<std::string> fuse_unavailable_reason() {
    if (::access("/dev/fuse", F_OK) != 0) return "/dev/fuse does not exist";
    if (::geteuid() == 0) return std::nullopt;
    if (::access("/dev/fuse", R_OK | W_OK) != 0) return "/dev/fuse is not readable and writable";
    for (const char* helper : {"/usr/bin/fusermount3", "/bin/fusermount3", "/usr/bin/fusermount"}) {
        if (::access(helper, X_OK) == 0) return std::nullopt;
    }
    return "no fusermount3 helper";
}

namespace {

// Copies the shared libraries `program` loads to the same paths in `jail`. The loader lists
// them (as ldd would: ldd itself refuses the runtime, whose ELF padding holds the magic).
void copy_shared_libraries(const std::string& program, const std::string& jail) {
    namespace fs = std::filesystem;
    Command trace = Command::of({program});
    trace.env["LD_TRACE_LOADED_OBJECTS"] = "1";
    auto listed = run(trace);
    ASSERT_EQ(listed.exit_code(), 0) << program << ": " << listed.describe();
    std::istringstream lines(listed.out);
    for (std::string line; std::getline(lines, line);) {
        size_t start = line.find('/');
        if (start == std::string::npos) continue;
        std::string library = line.substr(start, line.find(' ', start) - start);
        fs::create_directories(jail + fs::path(library).parent_path().string());
        fs::copy_file(library, jail + library, fs::copy_options::skip_existing);
    }
}

}  // namespace

void make_busybox_root(const std::string& jail, const std::string& app) {
    namespace fs = std::filesystem;
    for (const char* dir : {"", "/bin", "/dev", "/proc", "/tmp"})
        fs::create_directories(jail + dir);
    fs::permissions(jail + "/tmp", fs::perms::all | fs::perms::sticky_bit);
    fs::copy_file("/bin/busybox", jail + "/bin/busybox");
    // A sanitized build's runtime and AppRun are dynamic: their libraries come along.
    if (kSanitizedBuild) {
        for (const std::string& program : {runtime_path(), apprun_path()})
            copy_shared_libraries(program, jail);
    }
    fs::create_symlink("busybox", jail + "/bin/sh");
    fs::copy_file(app, jail + "/app.AppImage");
    ::chmod((jail + "/app.AppImage").c_str(), 0755);
}

Outcome run_in_busybox_root(const std::string& jail, const std::string& arg, bool extract) {
    const std::string script =
        "mount --bind /dev \"$0/dev\" && mount -t proc proc \"$0/proc\" && "
        "exec /usr/sbin/chroot \"$0\" /bin/sh -c "
        "'export PATH=/bin; cd /tmp && exec /app.AppImage \"$1\"' sh \"$1\"";
    Command c = Command::of({"/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh",
                             "-c", script, jail, arg});
    c.env["TMPDIR"] = "/tmp";
    c.env["SQUASHRUN_MOUNT_GRACE"] = "0";  // a private mount, gone when the app is
    c.env["SSL_CERT_FILE"] = std::nullopt;
    if (extract) c.env["APPIMAGE_EXTRACT_AND_RUN"] = "1";
    return run(c, std::chrono::seconds(120));
}

bool running_in_ci() {
    const char* ci = std::getenv("CI");
    return ci != nullptr && std::string(ci) == "true";
}

void AppImageTest::SetUp() {
    std::string base =
        std::getenv("SQUASHRUN_TEST_TMP") ? std::getenv("SQUASHRUN_TEST_TMP") : "/tmp";
    std::string templ = base + "/squashrun it XXXXXX";
    ASSERT_NE(::mkdtemp(templ.data()), nullptr) << templ;
    root_ = templ;
    tmp_ = root_ + "/tmp";
    ASSERT_EQ(::mkdir(tmp_.c_str(), 0700), 0);
    // Keys first seen (state) and trusted keys (config) of this test only, for every process
    // it starts: a signed app must not leave a pin behind that refuses another test's app.
    ::setenv("XDG_STATE_HOME", (root_ + "/state").c_str(), 1);
    ::setenv("XDG_CONFIG_HOME", (root_ + "/config").c_str(), 1);
}

void AppImageTest::TearDown() {
    EXPECT_TRUE(wait_for_no_mounts(root_)) << "a mount was left behind under " << root_;
    EXPECT_TRUE(wait_for_empty(tmp_))
        << "left in TMPDIR: " << (list_dir(tmp_).empty() ? "" : list_dir(tmp_).front());
    for (const auto& m : our_mounts(root_)) {
        run(Command::of({"/usr/bin/fusermount3", "-u", "-z", m.mount_point}));
        run(Command::of({"/bin/umount", "-l", m.mount_point}));
    }
    remove_tree(root_);
}

std::string AppImageTest::make_app(const std::string& apprun_body, const std::string& name,
                                   const std::string& compression) {
    std::string appdir = root_ + "/AppDir-" + name;
    make_appdir(appdir, apprun_body);
    std::string output = root_ + "/" + name;
    build_appimage(appdir, output, compression);
    return output;
}

std::string AppImageTest::make_corrupt_app(const std::string& apprun_body) {
    std::string appdir = root_ + "/corrupt AppDir";
    make_appdir(appdir, apprun_body);
    write_file(appdir + "/big.txt", noise(200000, true));  // compressible: stored compressed
    std::string app = root_ + "/corrupt.AppImage";
    build_appimage(appdir, app);
    std::string bytes = read_file(app);
    // The first data block follows the 96-byte superblock; break its zstd frame header.
    bytes.replace(read_file(runtime_path()).size() + 96, 8, std::string(8, '\xff'));
    write_file(app, bytes, 0755);
    return app;
}

std::vector<pid_t> processes_running(const std::string& path, pid_t except) {
    std::vector<pid_t> pids;
    for (const auto& name : list_dir("/proc")) {
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        char target[4096];
        ssize_t n = ::readlink(("/proc/" + name + "/exe").c_str(), target, sizeof target - 1);
        pid_t pid = std::stoi(name);
        if (n > 0 && std::string(target, static_cast<size_t>(n)) == path && pid != except) {
            pids.push_back(pid);
        }
    }
    return pids;
}

Command AppImageTest::command(const std::string& appimage, std::vector<std::string> args) const {
    Command c;
    c.argv.push_back(appimage);
    for (auto& a : args)
        c.argv.push_back(std::move(a));
    c.env["TMPDIR"] = tmp_;
    // A private mount per launch, so each test sees at once what a launch leaves behind;
    // the shared-mount tests ask for a grace period themselves.
    c.env["SQUASHRUN_MOUNT_GRACE"] = "0";
    c.cwd = root_;
    return c;
}

}  // namespace squashrun::test
