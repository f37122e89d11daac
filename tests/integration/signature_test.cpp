// Signed AppImages at launch: they run mounted, extracted and extract-and-run; a changed byte
// is caught where it lies (header and chunk table before mounting, payload data on the first
// read of its chunk, by extraction); SQUASHRUN_VERIFY's modes.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <random>

#include "core/format/byte_source.hpp"
#include "core/format/elf.hpp"
#include "core/sign/header.hpp"
#include "core/sign/minisign.hpp"
#include "mkappimage_fixture.hpp"
#include "os/elf_file.hpp"

namespace squashrun::test {
namespace {

constexpr size_t kBigBytes = 400 * 1000;

// The check that does not trust the file's own runtime: the installed runtime with
// TARGET_APPIMAGE, and minisign over the detached signature.
Command verify_with_installed_runtime(const std::string& app) {
    Command c = Command::of({runtime_path(), "--appimage-verify"});
    c.env["TARGET_APPIMAGE"] = app;
    return c;
}

class Signature : public Mkappimage {
  protected:
    void SetUp() override {
        Mkappimage::SetUp();
        // Incompressible data, so that the middle of the payload is the middle of this file.
        std::string big(kBigBytes, '\0');
        std::mt19937 random(7);
        for (char& c : big)
            c = static_cast<char>(random());
        write_file(appdir_ + "/usr/share/big.bin", big);
        write_file(appdir_ + "/AppRun", "#!/bin/sh\ncat \"$APPDIR/usr/share/big.bin\" | cksum\n",
                   0755);
        expected_ =
            run(Command::of({"/bin/sh", "-c", "cksum < '" + appdir_ + "/usr/share/big.bin'"})).out;
        ASSERT_EQ(run(mkappimage({"--generate-key", "release.key"}, false)).exit_code(), 0);
        auto built = run(mkappimage({"--sign", "release.key", appdir_, "Signed.AppImage"}));
        ASSERT_EQ(built.exit_code(), 0) << built.describe();
        signed_ = root_ + "/Signed.AppImage";
        auto unsigned_build = run(mkappimage({appdir_, "Unsigned.AppImage"}));
        ASSERT_EQ(unsigned_build.exit_code(), 0) << unsigned_build.describe();
    }

    uint64_t payload_offset(const std::string& app) const {
        auto out = run(Command::of({app, "--appimage-offset"})).out;
        return std::stoull(out);
    }

    // A copy of the signed AppImage with one byte at `offset` changed.
    std::string altered(uint64_t offset, const std::string& name) const {
        std::string content = read_file(signed_);
        EXPECT_LT(offset, content.size());
        content[offset] = static_cast<char>(content[offset] ^ 0x40);
        std::string path = root_ + "/" + name;
        write_file(path, content, 0755);
        return path;
    }

    // Where the runtime's .squashrun_sig section lies in `app`.
    core::ElfSection header_section(const std::string& app) const {
        std::string content = read_file(app);
        core::MemorySource source(std::as_bytes(std::span(content.data(), content.size())));
        auto elf = core::parse_elf(source);
        EXPECT_TRUE(elf);
        const core::ElfSection* section = elf->find_section(core::kSignedHeaderSection);
        EXPECT_NE(section, nullptr);
        return *section;
    }

    // The signed header as the file has it.
    core::SignedHeader header_of(const std::string& app) const {
        std::string content = read_file(app);
        core::MemorySource source(std::as_bytes(std::span(content.data(), content.size())));
        core::ElfSection section = header_section(app);
        auto bytes = source.read_vector(section.offset, section.size);
        auto header = core::parse_signed_header(*bytes);
        EXPECT_TRUE(header && header->has_value()) << header.message();
        return **header;
    }

    std::string expected_;
    std::string signed_;
};

TEST_F(Signature, ASignedAppImageRunsMountedExtractAndRunAndExtracted) {
    SQUASHRUN_REQUIRE_FUSE();
    auto mounted = run(command(signed_));
    EXPECT_EQ(mounted.exit_code(), 0) << mounted.describe();
    EXPECT_EQ(mounted.out, expected_);

    Command extract_and_run = command(signed_);
    extract_and_run.env["APPIMAGE_EXTRACT_AND_RUN"] = "1";
    extract_and_run.env["SQUASHRUN_CACHE_DIR"] = root_ + "/cache";
    auto extracted_run = run(extract_and_run);
    EXPECT_EQ(extracted_run.exit_code(), 0) << extracted_run.describe();
    EXPECT_EQ(extracted_run.out, expected_);

    Command extract = command(signed_, {"--appimage-extract"});
    extract.cwd = root_;
    auto extracted = run(extract);
    EXPECT_EQ(extracted.exit_code(), 0) << extracted.describe();
    EXPECT_EQ(read_file(root_ + "/squashfs-root/usr/share/big.bin").size(), kBigBytes);
}

TEST_F(Signature, AChangedPayloadByteFailsItsChunksReadAndExtraction) {
    SQUASHRUN_REQUIRE_FUSE();
    core::SignedHeader h = header_of(signed_);
    // The middle of the payload: inside big.bin's data, not in the metadata squashfuse reads
    // to mount, so the mount succeeds and only that file's read fails.
    std::string app = altered(h.payload_offset + h.payload_length / 2, "Changed.AppImage");
    auto ran = run(command(app));
    EXPECT_NE(ran.out, expected_) << "the app must not get the altered bytes";
    EXPECT_NE(ran.err.find("Input/output error"), std::string::npos) << ran.describe();

    Command extract = command(app, {"--appimage-extract"});
    extract.cwd = root_;
    auto extracted = run(extract);
    EXPECT_EQ(extracted.exit_code(), 127) << extracted.describe();
    EXPECT_NE(extracted.err.find("does not match its signature"), std::string::npos)
        << extracted.err;
    EXPECT_FALSE(exists(root_ + "/squashfs-root")) << "nothing partial is left";

    Command extract_and_run = command(app);
    extract_and_run.env["APPIMAGE_EXTRACT_AND_RUN"] = "1";
    extract_and_run.env["SQUASHRUN_CACHE_DIR"] = root_ + "/cache";
    auto refused = run(extract_and_run);
    EXPECT_EQ(refused.exit_code(), 127) << refused.describe();
    EXPECT_EQ(refused.out, "") << "nothing ran";
}

TEST_F(Signature, ACachedTreeIsNotUsedForAPayloadThatFailsItsCheck) {
    Command extract_and_run = command(signed_);
    extract_and_run.env["APPIMAGE_EXTRACT_AND_RUN"] = "1";
    extract_and_run.env["SQUASHRUN_CACHE_DIR"] = root_ + "/cache";
    ASSERT_EQ(run(extract_and_run).out, expected_) << "the cache holds the good tree";
    // The same file, one byte changed in place (same path, same size).
    core::SignedHeader h = header_of(signed_);
    std::string content = read_file(signed_);
    size_t at = h.payload_offset + h.payload_length / 2;
    content[at] = static_cast<char>(content[at] ^ 0x40);
    write_file(signed_, content, 0755);
    auto refused = run(extract_and_run);
    EXPECT_EQ(refused.exit_code(), 127) << refused.describe();
    EXPECT_EQ(refused.out, "") << "the cached tree of the good file was not run";
}

TEST_F(Signature, AChangedMetadataByteIsCaughtBeforeTheAppRuns) {
    core::SignedHeader h = header_of(signed_);
    std::string app = altered(h.payload_offset + 100, "Superblock.AppImage");  // chunk 0
    Command launch = command(app);
    launch.env["SQUASHRUN_CACHE_DIR"] = root_ + "/cache";  // for the extraction fallback
    auto ran = run(launch);
    EXPECT_EQ(ran.exit_code(), 127) << ran.describe();
    EXPECT_EQ(ran.out, "");
    EXPECT_NE(ran.err.find("payload chunk 0"), std::string::npos) << ran.err;
}

TEST_F(Signature, AChangedTableOrHeaderIsRefusedBeforeMounting) {
    core::SignedHeader h = header_of(signed_);
    std::string table = altered(h.table_offset + 5, "Table.AppImage");
    std::string index = altered(core::index_offset(h) + 3, "Index.AppImage");
    for (const std::string& app : {table, index}) {
        auto refused = run(command(app));
        EXPECT_EQ(refused.exit_code(), 127) << refused.describe();
        EXPECT_NE(refused.err.find("chunk table does not match"), std::string::npos) << refused.err;
        EXPECT_TRUE(our_mounts(root_).empty());
    }

    std::string content = read_file(signed_);
    uint64_t header_at = header_section(signed_).offset;
    for (uint64_t offset : {header_at + 30, header_at + 200, header_at + 520, header_at + 900}) {
        std::string app = altered(offset, "Header.AppImage");
        auto forged = run(command(app));
        EXPECT_EQ(forged.exit_code(), 127) << offset << ": " << forged.describe();
        EXPECT_NE(forged.err.find("signed header"), std::string::npos) << forged.err;
        EXPECT_EQ(std::count(forged.err.begin(), forged.err.end(), '\n'), 1) << forged.err;
    }

    // Cut before its table: the header no longer describes the file.
    std::string truncated = root_ + "/Truncated.AppImage";
    write_file(truncated, content.substr(0, h.table_offset), 0755);
    auto cut = run(command(truncated));
    EXPECT_EQ(cut.exit_code(), 127) << cut.describe();
    EXPECT_NE(cut.err.find("does not describe this file"), std::string::npos) << cut.err;
}

// A table larger than the runtime checks whole at the start (a payload over 128 MiB): a page
// of it is checked when a chunk it covers is first read, and a changed byte in it fails the
// reads of those chunks only.
TEST_F(Signature, ALargeTablesPagesAreCheckedWhenTheirChunksAreFirstRead) {
    SQUASHRUN_REQUIRE_FUSE();
    constexpr size_t kLarge = 130u << 20;
    std::string big(kLarge, '\0');
    std::mt19937_64 random(11);
    for (size_t i = 0; i + 8 <= big.size(); i += 8) {
        uint64_t r = random();
        std::memcpy(big.data() + i, &r, 8);
    }
    write_file(appdir_ + "/usr/share/big.bin", big);
    big.clear();
    write_file(appdir_ + "/AppRun",
               "#!/bin/sh\necho started\ncat \"$APPDIR/usr/share/big.bin\" | cksum\n", 0755);
    std::string expected =
        "started\n" +
        run(Command::of({"/bin/sh", "-c", "cksum < '" + appdir_ + "/usr/share/big.bin'"})).out;
    auto built =
        run(mkappimage({"--comp", "lz4", "--sign", "release.key", appdir_, "Large.AppImage"}));
    ASSERT_EQ(built.exit_code(), 0) << built.describe();
    std::string large = root_ + "/Large.AppImage";
    core::SignedHeader h = header_of(large);
    ASSERT_GT(core::table_bytes(h), 64u * 1024) << "the table is checked page by page";
    auto good = run(command(large));
    EXPECT_EQ(good.exit_code(), 0) << good.describe();
    EXPECT_EQ(good.out, expected);

    // A byte of the page that covers the middle of the payload (inside big.bin's data).
    uint64_t page = h.payload_length / 2 / h.chunk_size / core::kHashesPerTablePage;
    std::string content = read_file(large);
    content[h.table_offset + page * core::kTablePageBytes + 10] ^= 0x40;
    std::string changed = root_ + "/LargeChanged.AppImage";
    write_file(changed, content, 0755);
    content.clear();
    auto ran = run(command(changed));
    EXPECT_TRUE(ran.out.starts_with("started\n")) << "mounted: " << ran.describe();
    EXPECT_NE(ran.out, expected) << "the app must not get all of big.bin";
    EXPECT_NE(ran.err.find("Input/output error"), std::string::npos) << ran.err;

    std::string says = "chunk table does not match its signature (page " + std::to_string(page);
    Command extract = command(changed, {"--appimage-extract"});
    extract.cwd = root_;
    auto extracted = run(extract);
    EXPECT_EQ(extracted.exit_code(), 127) << extracted.describe();
    EXPECT_NE(extracted.err.find(says), std::string::npos) << extracted.err;
    EXPECT_FALSE(exists(root_ + "/squashfs-root")) << "nothing partial is left";

    auto checked = run(verify_with_installed_runtime(changed));
    EXPECT_EQ(checked.exit_code(), 1) << checked.describe();
    EXPECT_NE(checked.err.find(says), std::string::npos) << checked.err;
}

TEST_F(Signature, AHeaderOfAnotherVersionIsRefusedEvenWhenSignedWell) {
    auto key = core::parse_secret_key(read_file(root_ + "/release.key"));
    ASSERT_TRUE(key) << key.message();
    for (uint32_t version : {1u, 3u}) {  // 1: the format before the table had an index
        core::SignedHeader h = header_of(signed_);
        h.version = version;
        auto bytes = core::sign_header(h, *key);
        ASSERT_TRUE(bytes);
        std::string other = root_ + "/Other.AppImage";
        write_file(other, read_file(signed_), 0755);
        ASSERT_TRUE(os::patch_section(other, core::kSignedHeaderSection, *bytes));
        auto refused = run(command(other));
        EXPECT_EQ(refused.exit_code(), 127) << refused.describe();
        EXPECT_NE(refused.err.find("version " + std::to_string(version) + " is not known"),
                  std::string::npos)
            << refused.err;
    }
}

TEST_F(Signature, VerifyModes) {
    SQUASHRUN_REQUIRE_FUSE();
    std::string unsigned_app = root_ + "/Unsigned.AppImage";
    Command require = command(unsigned_app);
    require.env["SQUASHRUN_VERIFY"] = "require";
    auto refused = run(require);
    EXPECT_EQ(refused.exit_code(), 127) << refused.describe();
    EXPECT_NE(refused.err.find("not signed"), std::string::npos) << refused.err;

    Command automatic = command(unsigned_app);  // the default runs what is not signed
    EXPECT_EQ(run(automatic).out, expected_);

    // Signed, but by no trusted key: require refuses it too, until the key is listed.
    require.argv[0] = signed_;
    EXPECT_EQ(run(require).exit_code(), 127);
    ASSERT_EQ(run(Command::of({"/bin/mkdir", "-p", root_ + "/config/squashrun"})).exit_code(), 0);
    write_file(root_ + "/config/squashrun/trusted-keys", read_file(root_ + "/release.key.pub"));
    EXPECT_EQ(run(require).out, expected_);

    core::SignedHeader h = header_of(signed_);
    Command off = command(altered(h.table_offset + 5, "Off.AppImage"));
    off.env["SQUASHRUN_VERIFY"] = "off";
    auto unchecked = run(off);
    EXPECT_EQ(unchecked.exit_code(), 0) << unchecked.describe();
    EXPECT_EQ(unchecked.out, expected_);
}

TEST_F(Signature, VerifyChecksTheWholeFileAndNamesWhatFailed) {
    auto valid = run(command(signed_, {"--appimage-verify"}));
    EXPECT_EQ(valid.exit_code(), 0) << valid.describe();
    EXPECT_NE(valid.out.find("valid, signed by key"), std::string::npos) << valid.out;
    auto installed = run(verify_with_installed_runtime(signed_));
    EXPECT_EQ(installed.exit_code(), 0) << installed.describe();
    if (::access("/usr/bin/minisign", X_OK) == 0) {
        auto minisign = run(
            Command::of({"/usr/bin/minisign", "-Vm", signed_, "-p", root_ + "/release.key.pub"}));
        EXPECT_EQ(minisign.exit_code(), 0) << minisign.describe();
    }

    core::SignedHeader h = header_of(signed_);
    std::string content = read_file(signed_);
    core::MemorySource source(std::as_bytes(std::span(content.data(), content.size())));
    auto elf = core::parse_elf(source);
    ASSERT_TRUE(elf);
    uint64_t update_at = elf->find_section(".upd_info")->offset;
    struct Case {
        uint64_t offset;
        const char* says;
    };
    for (Case c : {Case{h.payload_offset + h.payload_length / 2, "payload chunk"},
                   Case{h.payload_offset + 100, "payload chunk 0"},
                   Case{h.table_offset + 40, "chunk table does not match"},
                   Case{header_section(signed_).offset + 60, "signed header"},
                   Case{1000, "the runtime is not the one that was signed"},
                   Case{update_at + 3, "update information is not the one that was signed"}}) {
        std::string app = altered(c.offset, "Altered.AppImage");
        auto checked = run(verify_with_installed_runtime(app));
        EXPECT_EQ(checked.exit_code(), 1) << c.offset << ": " << checked.describe();
        EXPECT_NE(checked.err.find(c.says), std::string::npos) << c.offset << ": " << checked.err;
    }
    std::string appended = root_ + "/Appended.AppImage";
    write_file(appended, content + "more", 0755);
    auto trailing = run(verify_with_installed_runtime(appended));
    EXPECT_EQ(trailing.exit_code(), 1) << trailing.describe();
    EXPECT_NE(trailing.err.find("outside the signed"), std::string::npos) << trailing.err;

    auto unsigned_file = run(verify_with_installed_runtime(root_ + "/Unsigned.AppImage"));
    EXPECT_EQ(unsigned_file.exit_code(), 1) << unsigned_file.describe();
    EXPECT_NE(unsigned_file.err.find("not signed"), std::string::npos) << unsigned_file.err;
}

TEST_F(Signature, SignaturePrintsTheHeader) {
    auto shown = run(command(signed_, {"--appimage-signature"}));
    EXPECT_EQ(shown.exit_code(), 0) << shown.describe();
    auto key = core::parse_secret_key(read_file(root_ + "/release.key"));
    ASSERT_TRUE(key);
    EXPECT_NE(shown.out.find("key id:        " + core::key_id_text(key->key_id)), std::string::npos)
        << shown.out;
    std::string pub = read_file(root_ + "/release.key.pub");
    std::string pub_line = pub.substr(pub.find('\n') + 1);
    pub_line.pop_back();
    EXPECT_NE(shown.out.find(pub_line), std::string::npos) << shown.out;
    EXPECT_NE(shown.out.find("app:           hello 0.1.0"), std::string::npos) << shown.out;

    // The type 2 GPG fields stay zero-filled: "not GPG-signed", not a bad GPG signature.
    std::string content = read_file(signed_);
    core::MemorySource source(std::as_bytes(std::span(content.data(), content.size())));
    auto elf = core::parse_elf(source);
    ASSERT_TRUE(elf);
    for (const char* name : {".sha256_sig", ".sig_key"}) {
        const core::ElfSection* section = elf->find_section(name);
        ASSERT_NE(section, nullptr) << name;
        auto bytes = source.read_vector(section->offset, section->size);
        ASSERT_TRUE(bytes);
        EXPECT_TRUE(std::all_of(bytes->begin(), bytes->end(), [](std::byte b) {
            return b == std::byte{0};
        })) << name;
    }
}

TEST_F(Signature, TheFirstSignedLaunchPinsItsKeyAgainstStrippingAndResigning) {
    SQUASHRUN_REQUIRE_FUSE();
    ASSERT_EQ(run(command(signed_)).out, expected_);
    std::string pin = root_ + "/state/squashrun/keys/hello";
    ASSERT_TRUE(exists(pin)) << "the key is recorded for the app identity";
    EXPECT_EQ(core::parse_public_key(read_file(pin))->key,
              core::parse_public_key(read_file(root_ + "/release.key.pub"))->key);

    ASSERT_EQ(run(mkappimage({"--generate-key", "other.key"}, false)).exit_code(), 0);
    ASSERT_EQ(run(mkappimage({"--sign", "other.key", appdir_, "Resigned.AppImage"})).exit_code(),
              0);
    auto resigned = run(command(root_ + "/Resigned.AppImage"));
    EXPECT_EQ(resigned.exit_code(), 127) << resigned.describe();
    EXPECT_EQ(resigned.out, "");
    EXPECT_NE(resigned.err.find("'hello' was signed by key"), std::string::npos) << resigned.err;

    auto stripped = run(command(root_ + "/Unsigned.AppImage"));
    EXPECT_EQ(stripped.exit_code(), 127) << stripped.describe();
    EXPECT_NE(stripped.err.find("not signed, but 'hello' was signed"), std::string::npos)
        << stripped.err;
    EXPECT_NE(stripped.err.find("to accept it, remove " + pin), std::string::npos) << stripped.err;

    // As the message says: without the recorded key, the unsigned file runs again.
    ASSERT_EQ(::unlink(pin.c_str()), 0);
    EXPECT_EQ(run(command(root_ + "/Unsigned.AppImage")).out, expected_);
}

TEST_F(Signature, TrustedKeysDecideUnderRequireAndAreReportedUnderAuto) {
    SQUASHRUN_REQUIRE_FUSE();
    std::string keys = root_ + "/config/squashrun/trusted-keys";
    ASSERT_EQ(run(Command::of({"/bin/mkdir", "-p", root_ + "/config/squashrun"})).exit_code(), 0);
    write_file(keys, "# release key\n" + read_file(root_ + "/release.key.pub"));
    ASSERT_EQ(run(mkappimage({"--generate-key", "other.key"}, false)).exit_code(), 0);
    ASSERT_EQ(run(mkappimage({"--sign", "other.key", appdir_, "Other.AppImage"})).exit_code(), 0);
    std::string other = root_ + "/Other.AppImage";

    Command require = command(signed_);
    require.env["SQUASHRUN_VERIFY"] = "require";
    EXPECT_EQ(run(require).out, expected_);
    ::unlink((root_ + "/state/squashrun/keys/hello").c_str());
    require.argv[0] = other;
    auto untrusted = run(require);
    EXPECT_EQ(untrusted.exit_code(), 127) << untrusted.describe();
    EXPECT_NE(untrusted.err.find("not a trusted key for 'hello'"), std::string::npos)
        << untrusted.err;

    auto reported = run(command(other));  // auto: runs, and says so
    EXPECT_EQ(reported.exit_code(), 0) << reported.describe();
    EXPECT_EQ(reported.out, expected_);
    EXPECT_NE(reported.err.find("not among the trusted keys"), std::string::npos) << reported.err;
    ::unlink((root_ + "/state/squashrun/keys/hello").c_str());

    // A key limited to another app does not vouch for this one.
    std::string pub = read_file(root_ + "/release.key.pub");
    write_file(keys, pub.substr(pub.find('\n') + 1, pub.size() - pub.find('\n') - 2) +
                         " org.example.Other\n");
    require.argv[0] = signed_;
    EXPECT_EQ(run(require).exit_code(), 127);

    write_file(keys, "not a key\n");
    auto broken = run(command(signed_));
    EXPECT_EQ(broken.exit_code(), 127) << broken.describe();
    EXPECT_NE(broken.err.find(keys + ": line 1"), std::string::npos) << broken.err;
}

TEST_F(Signature, AFileReplacedAtAPinnedPathCannotEscapeByClaimingAnotherIdentity) {
    SQUASHRUN_REQUIRE_FUSE();
    ASSERT_EQ(run(command(signed_)).out, expected_);  // pins 'hello' and this path
    // The same app under another desktop file name, signed with another key.
    std::string renamed = root_ + "/Renamed AppDir";
    ASSERT_EQ(run(Command::of({"/bin/cp", "-a", appdir_, renamed})).exit_code(), 0);
    ASSERT_EQ(::rename((renamed + "/hello.desktop").c_str(), (renamed + "/hello2.desktop").c_str()),
              0);
    ASSERT_EQ(run(mkappimage({"--generate-key", "other.key"}, false)).exit_code(), 0);
    ASSERT_EQ(run(mkappimage({"--sign", "other.key", renamed, "Other.AppImage"})).exit_code(), 0);
    ASSERT_EQ(run(mkappimage({renamed, "Stripped.AppImage"})).exit_code(), 0);
    for (const char* replacement : {"Other.AppImage", "Stripped.AppImage"}) {
        write_file(signed_, read_file(root_ + "/" + replacement), 0755);
        auto refused = run(command(signed_));
        EXPECT_EQ(refused.exit_code(), 127) << replacement << ": " << refused.describe();
        EXPECT_NE(refused.err.find("the file at this path"), std::string::npos) << refused.err;
        EXPECT_EQ(refused.out, "");
    }
}

TEST_F(Signature, TheSignedIdentityMustBeThePayloadsAndAValidName) {
    auto key = core::parse_secret_key(read_file(root_ + "/release.key"));
    ASSERT_TRUE(key);
    for (const char* identity : {"org.example.Other", "../escape", ""}) {
        core::SignedHeader h = header_of(signed_);
        h.app_identity = identity;
        std::string app = root_ + "/Claimed.AppImage";
        write_file(app, read_file(signed_), 0755);
        ASSERT_TRUE(
            os::patch_section(app, core::kSignedHeaderSection, *core::sign_header(h, *key)));
        auto refused = run(command(app));
        EXPECT_EQ(refused.exit_code(), 127) << identity << ": " << refused.describe();
        EXPECT_EQ(refused.out, "");
    }
}

TEST_F(Signature, SignedUpdateInformationIsCheckedAtLaunch) {
    std::string app = root_ + "/Update.AppImage";
    write_file(app, read_file(signed_), 0755);
    ASSERT_TRUE(os::patch_section(
        app, ".upd_info", std::as_bytes(std::span("zsync|https://evil.example/x.zsync", 34))));
    auto refused = run(command(app));
    EXPECT_EQ(refused.exit_code(), 127) << refused.describe();
    EXPECT_NE(refused.err.find("update information is not the one that was signed"),
              std::string::npos)
        << refused.err;
}

TEST_F(Signature, TreesAndMountsMadeWithoutChecksAreNotUsedByCheckedLaunches) {
    core::SignedHeader h = header_of(signed_);
    std::string app = altered(h.payload_offset + h.payload_length / 2, "Tampered.AppImage");
    Command unchecked = command(app);
    unchecked.env["APPIMAGE_EXTRACT_AND_RUN"] = "1";
    unchecked.env["SQUASHRUN_CACHE_DIR"] = root_ + "/cache";
    unchecked.env["SQUASHRUN_VERIFY"] = "off";
    EXPECT_EQ(run(unchecked).exit_code(), 0) << "off runs anything, and caches the tree";
    Command checked = unchecked;
    checked.env.erase("SQUASHRUN_VERIFY");
    auto refused = run(checked);
    EXPECT_EQ(refused.exit_code(), 127) << refused.describe();
    EXPECT_EQ(refused.out, "") << "the tree extracted without checks was not run";
}

TEST_F(Signature, ADamagedRecordOfAKeyFailsClosed) {
    std::string keys = root_ + "/state/squashrun/keys";
    ASSERT_EQ(run(Command::of({"/bin/mkdir", "-p", keys})).exit_code(), 0);
    write_file(keys + "/hello", "damaged\n");
    for (const std::string& app : {signed_, root_ + "/Unsigned.AppImage"}) {
        auto refused = run(command(app));
        EXPECT_EQ(refused.exit_code(), 127) << app << ": " << refused.describe();
        EXPECT_NE(refused.err.find("remove it to reset"), std::string::npos) << refused.err;
    }
}

}  // namespace
}  // namespace squashrun::test
