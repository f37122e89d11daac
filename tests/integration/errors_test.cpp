// Bad input: one line on stderr naming the file, exit 127, nothing left behind.
#include <fcntl.h>
#include <unistd.h>
#include <csignal>

#include "core/format/payload.hpp"
#include "support.hpp"

namespace squashrun::test {
namespace {

class Errors : public AppImageTest {
  protected:
    // Runs `appimage` (or the runtime with TARGET_APPIMAGE) and checks the failure shape.
    void expect_failure(const Command& c, const std::string& file, const std::string& problem) {
        auto result = run(c);
        EXPECT_EQ(result.exit_code(), 127) << result.describe();
        EXPECT_EQ(result.out, "");
        EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
        EXPECT_NE(result.err.find(file), std::string::npos) << result.err;
        EXPECT_NE(result.err.find(problem), std::string::npos) << result.err;
    }

    Command target(const std::string& file) {
        Command c = command(runtime_path());
        c.env["TARGET_APPIMAGE"] = file;
        return c;
    }

    // Overwrites bytes of `path` at the payload offset + `at`.
    void poke(const std::string& path, uint64_t at, const std::string& bytes) {
        int fd = ::open(path.c_str(), O_WRONLY);
        ASSERT_GE(fd, 0);
        ASSERT_EQ(
            ::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(payload_offset() + at)),
            static_cast<ssize_t>(bytes.size()));
        ::close(fd);
    }
    uint64_t payload_offset() { return read_file(runtime_path()).size(); }
};

TEST_F(Errors, NotAnElf) {
    std::string file = root_ + "/notes.txt";
    write_file(file, "just some text, long enough to be more than an ELF header......\n");
    expect_failure(target(file), file, "not an ELF");
}

TEST_F(Errors, ElfWithoutTheMagic) {
    expect_failure(target("/bin/sh"), "/", "not a type 2 AppImage");
}

TEST_F(Errors, RuntimeWithoutPayload) {
    std::string bare = root_ + "/bare runtime";
    write_file(bare, read_file(runtime_path()), 0755);
    expect_failure(command(bare), bare, "no payload");
}

TEST_F(Errors, TruncatedPayload) {
    std::string app = make_app("exit 0");
    std::string whole = read_file(app);
    uint64_t offset = payload_offset();
    core::MemorySource source({reinterpret_cast<const std::byte*>(whole.data()), whole.size()});
    auto sb = core::read_superblock(source, offset);
    ASSERT_TRUE(sb) << sb.message();
    write_file(app, whole.substr(0, offset + sb->bytes_used - 1), 0755);
    expect_failure(command(app), app, "truncated");
}

// A download cut short inside the runtime: cut after the loaded code (in the section table),
// the runtime says so in one line; cut inside the code the kernel maps, it dies of a signal
// before any of its code runs (the README's exit-status table says so).
TEST_F(Errors, ACutShortRuntime) {
    std::string app = make_app("exit 0");
    std::string whole = read_file(app);
    uint64_t offset = payload_offset();
    write_file(app, whole.substr(0, offset - 64), 0755);
    expect_failure(command(app), app, "section header table is outside the file");
    write_file(app, whole.substr(0, offset / 2), 0755);
    auto crashed = run(command(app));
    EXPECT_TRUE(crashed.signal() == SIGSEGV || crashed.signal() == SIGBUS) << crashed.describe();
}

// The payload's offset is where the section header table ends: one pointing far past the end
// of the file (e_shoff, or e_shnum, of a crafted header) is refused before anything is read.
TEST_F(Errors, PayloadOffsetPastTheEnd) {
    std::string app = make_app("exit 0");
    std::string whole = read_file(app);
    std::string far = whole;
    far.replace(0x28, 8, std::string("\x00\x00\x00\x00\x00\x00\xff\x7f", 8));  // e_shoff
    write_file(app, far, 0755);
    expect_failure(command(app), app, "section header table is outside the file");
    std::string many = whole;
    many.replace(0x3c, 2, std::string("\xff\xff", 2));  // e_shnum
    write_file(app, many, 0755);
    expect_failure(command(app), app, "outside the file");
}

TEST_F(Errors, GarbageSuperblock) {
    std::string app = make_app("exit 0");
    poke(app, 0, std::string(96, '\xab'));
    expect_failure(command(app), app, "not a squashfs image");
}

TEST_F(Errors, UnsupportedCompression) {
    std::string app = make_app("exit 0");
    poke(app, 20, std::string("\x02\x00", 2));  // lzma, which squashfuse cannot read
    expect_failure(command(app), app, "lzma compression");
    poke(app, 20, std::string("\x09\x00", 2));
    expect_failure(command(app), app, "unknown squashfs compression id 9");
}

TEST_F(Errors, NoAppRun) {
    SQUASHRUN_REQUIRE_FUSE();
    std::string appdir = root_ + "/empty AppDir";
    make_appdir(appdir, "exit 0");
    ::unlink((appdir + "/AppRun").c_str());
    std::string app = root_ + "/noapprun.AppImage";
    build_appimage(appdir, app);
    expect_failure(command(app), app, "no AppRun");
}

}  // namespace
}  // namespace squashrun::test
