// mkappimage's keys and detached signatures, checked with the real minisign: our keys sign
// what minisign verifies, minisign's keys (-G -W) sign through mkappimage, and a changed byte
// fails the check.
#include <sys/stat.h>
#include <unistd.h>

#include "mkappimage_fixture.hpp"

namespace squashrun::test {
namespace {

constexpr const char* kMinisign = "/usr/bin/minisign";

class Signing : public Mkappimage {
  protected:
    void SetUp() override {
        Mkappimage::SetUp();
        if (::access(kMinisign, X_OK) != 0) {
            if (running_in_ci()) FAIL() << "CI needs " << kMinisign << " (scripts/install-deps)";
            GTEST_SKIP() << kMinisign << " is not installed (scripts/install-deps)";
        }
    }

    Outcome minisign(std::vector<std::string> args) const {
        Command c = Command::of({kMinisign});
        c.argv.insert(c.argv.end(), args.begin(), args.end());
        c.cwd = root_;
        return run(c);
    }

    // One byte of `path` at `offset`, flipped.
    void flip_byte(const std::string& path, size_t offset) const {
        std::string content = read_file(path);
        ASSERT_LT(offset, content.size());
        content[offset] = static_cast<char>(content[offset] ^ 0x01);
        write_file(path, content, 0755);
    }
};

TEST_F(Signing, GenerateKeyWritesAPrivateSecretKeyAndAMinisignPublicKey) {
    auto made = run(mkappimage({"--generate-key", "release.key"}, false));
    ASSERT_EQ(made.exit_code(), 0) << made.describe();
    struct stat st {};
    ASSERT_EQ(::stat((root_ + "/release.key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600U);
    std::string pub = read_file(root_ + "/release.key.pub");
    EXPECT_TRUE(pub.starts_with("untrusted comment: minisign public key ")) << pub;
    EXPECT_TRUE(pub.substr(pub.find('\n') + 1).starts_with("RW")) << "base64 of \"Ed\": " << pub;

    // Never over an existing key.
    std::string before = read_file(root_ + "/release.key");
    auto again = run(mkappimage({"--generate-key", "release.key"}, false));
    EXPECT_EQ(again.exit_code(), 1) << again.describe();
    EXPECT_NE(again.err.find("release.key: exists"), std::string::npos) << again.err;
    EXPECT_EQ(read_file(root_ + "/release.key"), before);
}

TEST_F(Signing, MinisignVerifiesTheSignatureAndRejectsOneChangedByte) {
    ASSERT_EQ(run(mkappimage({"--generate-key", "release.key"}, false)).exit_code(), 0);
    auto built = run(mkappimage({"--sign", "release.key", appdir_, "Hello.AppImage"}));
    ASSERT_EQ(built.exit_code(), 0) << built.describe();
    std::string app = root_ + "/Hello.AppImage";
    auto verified = minisign({"-Vm", app, "-p", root_ + "/release.key.pub"});
    EXPECT_EQ(verified.exit_code(), 0) << verified.describe();
    EXPECT_NE(verified.out.find("file:Hello.AppImage"), std::string::npos) << verified.out;

    // The signed file still runs.
    auto ran = run(Command::of({app}));
    EXPECT_EQ(ran.exit_code(), 0) << ran.describe();

    for (size_t offset : {size_t{100}, read_file(app).size() - 10}) {
        std::string copy = root_ + "/Changed.AppImage";
        write_file(copy, read_file(app), 0755);
        write_file(copy + ".minisig", read_file(app + ".minisig"));
        flip_byte(copy, offset);
        auto refused = minisign({"-Vm", copy, "-p", root_ + "/release.key.pub"});
        EXPECT_NE(refused.exit_code(), 0) << "byte " << offset << ": " << refused.describe();
    }
}

TEST_F(Signing, AMinisignKeySignsThroughMkappimageAndOurKeySignsThroughMinisign) {
    auto generated = minisign({"-G", "-W", "-p", "ms.pub", "-s", "ms.key"});
    ASSERT_EQ(generated.exit_code(), 0) << generated.describe();
    auto built = run(mkappimage({"--sign", "ms.key", appdir_, "Hello.AppImage"}));
    ASSERT_EQ(built.exit_code(), 0) << built.describe();
    auto verified = minisign({"-Vm", root_ + "/Hello.AppImage", "-p", root_ + "/ms.pub"});
    EXPECT_EQ(verified.exit_code(), 0) << verified.describe();

    ASSERT_EQ(run(mkappimage({"--generate-key", "ours.key"}, false)).exit_code(), 0);
    write_file(root_ + "/note.txt", "signed by minisign with our key\n");
    auto signed_note = minisign({"-S", "-s", root_ + "/ours.key", "-m", root_ + "/note.txt"});
    ASSERT_EQ(signed_note.exit_code(), 0) << signed_note.describe();
    auto checked = minisign({"-Vm", root_ + "/note.txt", "-p", root_ + "/ours.key.pub"});
    EXPECT_EQ(checked.exit_code(), 0) << checked.describe();
}

TEST_F(Signing, BadKeysAreRefusedBeforeAnythingIsWritten) {
    // An encrypted minisign key needs a password mkappimage never asks for.
    Command encrypted = Command::of({kMinisign, "-G", "-p", "enc.pub", "-s", "enc.key"});
    encrypted.cwd = root_;
    encrypted.input = "password\npassword\n";
    ASSERT_EQ(run(encrypted).exit_code(), 0);
    write_file(root_ + "/garbage.key", "untrusted comment: nothing\nbm90IGEga2V5\n");
    for (const char* key : {"enc.key", "garbage.key", "missing.key"}) {
        auto refused = run(mkappimage({"--sign", key, appdir_, "Hello.AppImage"}));
        EXPECT_EQ(refused.exit_code(), 1) << refused.describe();
        EXPECT_NE(refused.err.find(std::string("mkappimage: ") + key), std::string::npos)
            << refused.err;
        EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
        EXPECT_FALSE(exists(root_ + "/Hello.AppImage")) << key;
        EXPECT_FALSE(exists(root_ + "/Hello.AppImage.minisig")) << key;
    }
    auto usage = run(mkappimage({"--generate-key", "k", appdir_}, false));
    EXPECT_EQ(usage.exit_code(), 2) << usage.describe();
}

TEST_F(Signing, TheZsyncFileIsMadeFromTheSignedFile) {
    if (::access("/usr/bin/zsyncmake", X_OK) != 0) GTEST_SKIP() << "zsyncmake is not installed";
    ASSERT_EQ(run(mkappimage({"--generate-key", "release.key"}, false)).exit_code(), 0);
    const std::string info = "zsync|https://example.org/Hello.AppImage.zsync";
    auto built = run(mkappimage({"--sign", "release.key", "-u", info, appdir_, "Hello.AppImage"}));
    ASSERT_EQ(built.exit_code(), 0) << built.describe();
    std::string app = root_ + "/Hello.AppImage";
    std::string zsync = read_file(app + ".zsync");
    EXPECT_NE(zsync.find("Length: " + std::to_string(read_file(app).size()) + "\n"),
              std::string::npos)
        << zsync;
    auto verified = run(Command::of({app, "--appimage-verify"}));
    EXPECT_EQ(verified.exit_code(), 0) << verified.describe();
    EXPECT_EQ(run(Command::of({app, "--appimage-updateinformation"})).out, info + "\n");
}

}  // namespace
}  // namespace squashrun::test
