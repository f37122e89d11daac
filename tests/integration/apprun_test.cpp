// AppRun through real AppImages: expansions, argument fidelity, Python flags seen by a real
// interpreter, multi-call names, hook order, host values for children, errors, fallback.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "support.hpp"

namespace squashrun::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPython = "/usr/bin/python3";

class AppRun : public AppImageTest {
  protected:
    void SetUp() override {
        AppImageTest::SetUp();
        SQUASHRUN_REQUIRE_FUSE();
        appdir_ = root_ + "/App Dir";
        fs::create_directories(appdir_ + "/usr/bin");
        fs::copy_file(apprun_path(), appdir_ + "/AppRun");
        write_file(appdir_ + "/data.txt", "hello-data\n");
    }

    // Writes apprun.conf and builds <root>/<name> from the AppDir.
    std::string build(const std::string& config, const std::string& name = "App.AppImage") {
        if (!config.empty()) write_file(appdir_ + "/apprun.conf", config);
        std::string app = root_ + "/" + name;
        build_appimage(appdir_, app);
        return app;
    }

    // A POSIX shell script in the AppDir's usr/bin.
    void script(const std::string& name, const std::string& body) {
        write_file(appdir_ + "/usr/bin/" + name, "#!/bin/sh\n" + body + "\n", 0755);
    }

    void require_python() {
        if (::access(kPython, X_OK) != 0) {
            if (running_in_ci()) FAIL() << kPython << " is needed (scripts/install-deps)";
            GTEST_SKIP() << "no " << kPython;
        }
    }

    std::string appdir_;
};

const char* kShowArgs = "for a in \"$@\"; do printf '[%s]' \"$a\"; done; echo";

TEST_F(AppRun, ExpandsEveryVariable) {
    script("show", kShowArgs);
    std::string app = build(
        "exec = ${APPDIR}/usr/bin/show\n"
        "arg = appdir=${APPDIR}\n"
        "arg = appimage=${APPIMAGE}\n"
        "arg = argv0=${ARGV0}\n"
        "arg = owd=${OWD}\n"
        "arg = home=${HOST_HOME}|${HOST_SQUASHRUN_UNSET}|\n"
        "arg = literal=$$HOME $PATH ${APPDIR}x\n");
    Command c = command(app);
    c.env["HOME"] = "/home/someone";
    auto result = run(c);
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    std::string mount = result.out.substr(result.out.find("appdir=") + 7);
    mount = mount.substr(0, mount.find(']'));
    EXPECT_EQ(mount.rfind(tmp_ + "/.mount_", 0), 0U) << result.out;
    EXPECT_EQ(result.out, "[appdir=" + mount + "][appimage=" + app + "][argv0=" + app +
                              "][owd=" + root_ + "][home=/home/someone||][literal=$HOME $PATH " +
                              mount + "x]\n");
}

TEST_F(AppRun, ArgumentsArriveWholeWhereConfigured) {
    script("show", kShowArgs);
    std::string app =
        build("exec = ${APPDIR}/usr/bin/show\narg = --before\narg = ${@}\narg = --after\n");
    std::vector<std::string> args = {
        "",   "two words", "'single'", "\"double\"",          "line\nbreak",
        "--", "*",         "$HOME",    "--appimage-help-not", "\\"};
    auto result = run(command(app, args));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    std::string expected = "[--before]";
    for (const auto& a : args)
        expected += "[" + a + "]";
    EXPECT_EQ(result.out, expected + "[--after]\n");
}

TEST_F(AppRun, WorkingDirectoryStaysUnlessConfigured) {
    script("where", "pwd");
    std::string app = build("exec = ${APPDIR}/usr/bin/where\n");
    EXPECT_EQ(run(command(app)).out, root_ + "\n");
    std::string moved =
        build("exec = ${APPDIR}/usr/bin/where\nworkdir = ${APPDIR}/usr\n", "Moved.AppImage");
    auto result = run(command(moved));
    EXPECT_NE(result.out.find("/.mount_"), std::string::npos) << result.describe();
    EXPECT_TRUE(result.out.ends_with("/usr\n")) << result.out;
}

struct FlagCase {
    const char* flags;
    int isolated, ignore_environment, no_user_site;
};

// entry-point = package.module:function runs as a console script would: its name as
// sys.argv[0] (here the command it was started through), the arguments whole, the return
// value as the exit status.
TEST_F(AppRun, EntryPointsRunLikeConsoleScripts) {
    require_python();
    fs::create_directories(appdir_ + "/pylib/tool");
    write_file(appdir_ + "/pylib/tool/__init__.py", "");
    write_file(appdir_ + "/pylib/tool/cli.py",
               "import sys\n"
               "class App:\n"
               "    @staticmethod\n"
               "    def run():\n"
               "        print('app', sys.argv)\n"
               "def main():\n"
               "    print(sys.argv)\n"
               "    return 3\n");
    std::string app = build(std::string("python = ") + kPython +
                            "\n"
                            "entry-point = tool.cli:main\n"
                            "set PYTHONPATH = ${APPDIR}/pylib\n"
                            "[command other]\n"
                            "python = " +
                            kPython +
                            "\n"
                            "entry-point = tool.cli:App.run\n");
    auto result = run(command(app, {"a b", "-c"}));
    EXPECT_EQ(result.exit_code(), 3) << result.describe();
    EXPECT_EQ(result.out, "['App.AppImage', 'a b', '-c']\n");
    fs::create_symlink(app, root_ + "/other");
    auto other = run(command(root_ + "/other", {"x"}));
    EXPECT_EQ(other.exit_code(), 0) << other.describe();
    EXPECT_EQ(other.out, "app ['other', 'x']\n");
}

class AppRunPython : public AppRun, public testing::WithParamInterface<FlagCase> {};

TEST_P(AppRunPython, FlagsReachTheInterpreterAndHostPythonPathIsIgnored) {
    require_python();
    const FlagCase& f = GetParam();
    fs::create_directories(appdir_ + "/pylib");
    write_file(appdir_ + "/pylib/bundled_marker.py", "VALUE = 'bundled'\n");
    write_file(appdir_ + "/show_flags.py",
               "import sys\n"
               "print(sys.flags.isolated, sys.flags.ignore_environment, sys.flags.no_user_site)\n"
               "print('host-pp' if any('host-pp' in p for p in sys.path) else 'no-host-pp')\n"
               "try:\n    import bundled_marker\n    print('bundle-pp')\n"
               "except ImportError:\n    print('no-bundle-pp')\n"
               "print(sys.argv[1:])\n");
    std::string config = std::string("python = ") + kPython + "\n" +
                         (*f.flags ? std::string("python-flags = ") + f.flags + "\n" : "") +
                         "script = ${APPDIR}/show_flags.py\n"
                         "prepend PYTHONPATH = ${APPDIR}/pylib\n";
    std::string app = build(config);
    Command c = command(app, {"a b", "-c"});
    c.env["PYTHONPATH"] = root_ + "/host-pp";
    auto result = run(c);
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    bool ignores_env = f.ignore_environment == 1;
    std::string expected = std::to_string(f.isolated) + " " + std::to_string(f.ignore_environment) +
                           " " + std::to_string(f.no_user_site) + "\n" + "no-host-pp\n" +
                           (ignores_env ? "no-bundle-pp\n" : "bundle-pp\n") + "['a b', '-c']\n";
    EXPECT_EQ(result.out, expected) << "flags: " << f.flags;
}

INSTANTIATE_TEST_SUITE_P(AppRun, AppRunPython,
                         testing::Values(FlagCase{"", 0, 0, 0}, FlagCase{"-I", 1, 1, 1},
                                         FlagCase{"-E", 0, 1, 0}, FlagCase{"-s", 0, 0, 1},
                                         FlagCase{"-E -s", 0, 1, 1}, FlagCase{"-I -E -s", 1, 1, 1}),
                         [](const testing::TestParamInfo<FlagCase>& param_info) {
                             std::string name =
                                 *param_info.param.flags ? param_info.param.flags : "none";
                             std::string out;
                             for (char ch : name) {
                                 if (std::isalpha(static_cast<unsigned char>(ch))) out += ch;
                             }
                             return out.empty() ? std::string("none") : out;
                         });

TEST_F(AppRun, MultiCallBySymlinkName) {
    script("show", kShowArgs);
    std::string app = build(
        "exec = ${APPDIR}/usr/bin/show\narg = main\n"
        "[command pip]\nexec = ${APPDIR}/usr/bin/show\narg = pip\n"
        "[command tool]\nexec = ${APPDIR}/usr/bin/show\narg = tool\n");
    for (const char* name : {"pip", "tool", "unknown-name"}) {
        std::string link = root_ + "/" + name;
        ASSERT_EQ(::symlink(app.c_str(), link.c_str()), 0);
        auto result = run(command(link, {"x"}));
        ASSERT_EQ(result.exit_code(), 0) << result.describe();
        std::string expected = std::string(name) == "unknown-name" ? "main" : name;
        EXPECT_EQ(result.out, "[" + expected + "][x]\n") << name;
    }
    EXPECT_EQ(run(command(app)).out, "[main]\n");
}

TEST_F(AppRun, HooksApplyInSortedOrder) {
    script("show", "echo \"ORDER=$ORDER\"");
    fs::create_directories(appdir_ + "/hooks");
    write_file(appdir_ + "/hooks/30-third.env", "append ORDER = three\n");
    write_file(appdir_ + "/hooks/10-first.env", "# first\nset ORDER = one\n");
    write_file(appdir_ + "/hooks/20-second.sh", "ORDER=\"$ORDER:two\"\nexport ORDER\n");
    write_file(appdir_ + "/hooks/README.txt", "ignored\n");
    std::string with_shell =
        build("exec = ${APPDIR}/usr/bin/show\nhooks = ${APPDIR}/hooks\nshell-hooks = yes\n");
    EXPECT_EQ(run(command(with_shell)).out, "ORDER=one:two:three\n");
    // Run from the directory too, whose listing (unlike squashfs's) is not sorted.
    write_file(appdir_ + "/apprun.conf",
               "exec = ${APPDIR}/usr/bin/show\nhooks = ${APPDIR}/hooks\nshell-hooks = yes\n");
    EXPECT_EQ(run(Command::of({appdir_ + "/AppRun"})).out, "ORDER=one:two:three\n");
    std::string env_only =
        build("exec = ${APPDIR}/usr/bin/show\nhooks = ${APPDIR}/hooks\n", "EnvOnly.AppImage");
    EXPECT_EQ(run(command(env_only)).out, "ORDER=one:three\n");
}

TEST_F(AppRun, ShellHooksThatExitEarlyAreErrorsAndALastFalseTestIsFine) {
    script("show", "echo \"X=$X Y=${Y-unset}\"");
    fs::create_directories(appdir_ + "/hooks");
    write_file(appdir_ + "/hooks/10.sh", "X=set\nexport X\n[ -n \"$NOT_SET\" ] && export Y=1\n");
    std::string fine =
        build("exec = ${APPDIR}/usr/bin/show\nhooks = ${APPDIR}/hooks\nshell-hooks = yes\n");
    auto ok = run(command(fine));
    EXPECT_EQ(ok.exit_code(), 0) << ok.describe();
    EXPECT_EQ(ok.out, "X=set Y=unset\n");
    write_file(appdir_ + "/hooks/20.sh", "exit 0\n");
    std::string early =
        build("exec = ${APPDIR}/usr/bin/show\nhooks = ${APPDIR}/hooks\nshell-hooks = yes\n",
              "Early.AppImage");
    auto result = run(command(early));
    EXPECT_EQ(result.exit_code(), 127) << result.describe();
    EXPECT_NE(result.err.find("20.sh: the shell hook did not run to its end"), std::string::npos)
        << result.err;
}

TEST_F(AppRun, ChildProgramsGetTheHostValuesBack) {
    script("app",
           "echo \"inside PATH=$PATH\"\n"
           "echo \"original=$APPRUN_ORIGINAL_PATH\"\n"
           "\"$APPDIR/AppRun\" --apprun-host sh -c "
           "'echo \"host PATH=$PATH EXTRA=${EXTRA-unset} HOME=$HOME\"'");
    std::string app = build(
        "exec = ${APPDIR}/usr/bin/app\nprepend PATH = ${APPDIR}/usr/bin\nset EXTRA = 1\n"
        "set HOME = ${APPDIR}\n");
    Command c = command(app);
    c.env["PATH"] = "/usr/bin:/bin";
    c.env["HOME"] = "/home/host";
    c.env.erase("EXTRA");
    auto result = run(c);
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_NE(result.out.find("/usr/bin:/usr/bin:/bin\n"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("original=/usr/bin:/bin\n"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("host PATH=/usr/bin:/bin EXTRA=unset HOME=/home/host\n"),
              std::string::npos)
        << result.out;
}

TEST_F(AppRun, CaCertificatesFromTheHostElseTheBundle) {
    script("show", "echo \"SSL_CERT_FILE=${SSL_CERT_FILE-unset}\"");
    fs::create_directories(appdir_ + "/etc/ssl/certs");
    write_file(appdir_ + "/etc/ssl/certs/ca-certificates.crt", "bundled certificates\n");
    std::string app = build("exec = ${APPDIR}/usr/bin/show\nca-certificates = yes\n");
    std::string expected;
    for (const char* host :
         {"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt",
          "/etc/ssl/ca-bundle.pem", "/etc/ssl/cert.pem"}) {
        struct stat st {};
        if (expected.empty() && ::stat(host, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
            expected = host;
        }
    }
    Command c = command(app);
    c.env["SSL_CERT_FILE"] = std::nullopt;
    auto result = run(c);
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    if (expected.empty()) {
        EXPECT_NE(result.out.find("/etc/ssl/certs/ca-certificates.crt\n"), std::string::npos);
        EXPECT_NE(result.out.find("/.mount_"), std::string::npos) << "the bundle's: " << result.out;
    } else {
        EXPECT_EQ(result.out, "SSL_CERT_FILE=" + expected + "\n");
    }
    Command chosen = command(app);
    chosen.env["SSL_CERT_FILE"] = "/users/own.pem";
    EXPECT_EQ(run(chosen).out, "SSL_CERT_FILE=/users/own.pem\n") << "a user's choice stays";
    std::string off = build("exec = ${APPDIR}/usr/bin/show\n", "NoCa.AppImage");
    Command plain = command(off);
    plain.env["SSL_CERT_FILE"] = std::nullopt;
    EXPECT_EQ(run(plain).out, "SSL_CERT_FILE=unset\n") << "only when asked for";
}

TEST_F(AppRun, ASecondLaunchFromInsideKeepsTheTrueHostValues) {
    script("outer", "exec \"$APPDIR/usr/bin/inner\"");
    script("show-host",
           "\"$APPDIR/AppRun\" --apprun-host sh -c "
           "'echo \"PATH=$PATH FOO=${FOO-unset} APPDIR=${APPDIR-unset} "
           "APPIMAGE=${APPIMAGE-unset} HOME=$HOME\"'");
    ASSERT_EQ(::link((appdir_ + "/AppRun").c_str(), (appdir_ + "/usr/bin/inner").c_str()), 0);
    std::string app = build(
        "exec = ${APPDIR}/usr/bin/outer\nset FOO = outer\nprepend PATH = ${APPDIR}/usr/bin\n"
        "[command inner]\nexec = ${APPDIR}/usr/bin/show-host\nset FOO = inner\n"
        "set HOME = ${APPDIR}\n");
    Command c = command(app);
    c.env["PATH"] = "/usr/bin:/bin";
    c.env["HOME"] = "/home/host";
    c.env["FOO"] = std::nullopt;
    auto result = run(c);
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(result.out,
              "PATH=/usr/bin:/bin FOO=unset APPDIR=unset APPIMAGE=unset "
              "HOME=/home/host\n");
}

TEST_F(AppRun, TheCommandIsChosenOnlyOnTheFirstLaunch) {
    script("show", kShowArgs);
    script("again", "exec \"$APPDIR/AppRun\" second");
    std::string app = build(
        "exec = ${APPDIR}/usr/bin/show\narg = main\n"
        "[command pip]\nexec = ${APPDIR}/usr/bin/again\n");
    std::string link = root_ + "/pip";
    ASSERT_EQ(::symlink(app.c_str(), link.c_str()), 0);
    auto result = run(command(link));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(result.out, "[main][second]\n") << "ARGV0=pip is inherited, not a choice";
    auto plain = run(command(app, {"--apprun-host", "x"}));
    EXPECT_EQ(plain.out, "[main][--apprun-host][x]\n") << "a user argument, not an option";
}

TEST_F(AppRun, HelpIsForLaunchedAppsAndAPlainLaunchPassesItOn) {
    script("app", "if [ \"$1\" = nested ]; then exec \"$APPDIR/AppRun\" --apprun-help; fi\n" +
                      std::string(kShowArgs));
    std::string app = build("exec = ${APPDIR}/usr/bin/app\n");
    auto nested = run(command(app, {"nested"}));
    ASSERT_EQ(nested.exit_code(), 0) << nested.describe();
    EXPECT_EQ(nested.err, "");
    EXPECT_EQ(nested.out.rfind("Usage: ", 0), 0U) << nested.out;
    for (const char* option :
         {"\n  --apprun-host PROGRAM [ARGUMENTS...]  ", "\n  --apprun-help "}) {
        EXPECT_NE(nested.out.find(option), std::string::npos) << option << " in " << nested.out;
    }
    auto plain = run(command(app, {"--apprun-help"}));
    ASSERT_EQ(plain.exit_code(), 0) << plain.describe();
    EXPECT_EQ(plain.out, "[--apprun-help]\n") << "a user argument, not an option";
}

TEST_F(AppRun, AStrayConfigAboveTheAppDirIsIgnored) {
    script("tool", "echo tool ran");
    write_file(appdir_ + "/tool.desktop",
               "[Desktop Entry]\nType=Application\nName=Tool\nIcon=tool\nExec=tool\n");
    write_file(root_ + "/apprun.conf", "exec = /bin/echo\narg = HIJACKED\n");
    auto result = run(Command::of({appdir_ + "/AppRun"}));
    ::unlink((root_ + "/apprun.conf").c_str());
    EXPECT_EQ(result.out, "tool ran\n") << result.describe();
}

TEST_F(AppRun, LoaderRunsTheProgramWithoutExportingLibraryPath) {
    const char* loader = "/lib64/ld-linux-x86-64.so.2";
    if (::access(loader, X_OK) != 0) GTEST_SKIP() << "no " << loader;
    std::string app = build(std::string("exec = /bin/sh\nloader = ") + loader +
                            "\nlibrary-path = /lib/x86_64-linux-gnu\nargv0 = named-by-config\n"
                            "arg = -c\narg = echo \"$0 $${LD_LIBRARY_PATH-unset}\"\n");
    auto result = run(command(app));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(result.out, "named-by-config unset\n");
}

TEST_F(AppRun, MissingProgramOrBadConfigIsOneLineAndExit127) {
    const std::pair<std::string, std::string> cases[] = {
        {"python = ${APPDIR}/usr/bin/python9\nmodule = app\n", "/usr/bin/python9 does not exist"},
        {"exec = ${APPDIR}/usr/bin/missing\n", "/usr/bin/missing does not exist"},
        {"exec = /bin/true\nmystery = 1\n", "apprun.conf: line 2: unknown key 'mystery'"},
    };
    int i = 0;
    for (const auto& [config, problem] : cases) {
        std::string app = build(config, "bad" + std::to_string(i++) + ".AppImage");
        auto result = run(command(app));
        EXPECT_EQ(result.exit_code(), 127) << result.describe();
        EXPECT_EQ(result.out, "");
        EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
        EXPECT_EQ(result.err.rfind("AppRun: ", 0), 0U) << result.err;
        EXPECT_NE(result.err.find("apprun.conf: "), std::string::npos) << result.err;
        EXPECT_NE(result.err.find(problem), std::string::npos) << result.err;
    }
}

TEST_F(AppRun, WithoutConfigTheDesktopExecLineRuns) {
    script("tool", kShowArgs);
    write_file(appdir_ + "/tool.desktop",
               "[Desktop Entry]\nType=Application\nName=Tool\nIcon=tool\n"
               "Exec=tool --open %F --end\n");
    std::string app = build("");
    auto result = run(command(app, {"a b", ""}));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(result.out, "[--open][a b][][--end]\n");
}

TEST_F(AppRun, ExecWithOnlyAFieldCodeIsAnError) {
    write_file(appdir_ + "/tool.desktop",
               "[Desktop Entry]\nType=Application\nName=Tool\nIcon=tool\nExec=%F\n");
    auto result = run(Command::of({appdir_ + "/AppRun"}));
    EXPECT_EQ(result.exit_code(), 127) << result.describe();
    EXPECT_NE(result.err.find("tool.desktop: Exec= names no program"), std::string::npos)
        << result.err;
}

TEST_F(AppRun, ExtractedAppDirRunsDirectly) {
    script("show", "echo \"APPDIR=$APPDIR\"; " + std::string(kShowArgs));
    build("exec = ${APPDIR}/usr/bin/show\narg = ${APPDIR}\n");
    Command c = Command::of({appdir_ + "/AppRun", "x"});
    c.cwd = root_;
    auto result = run(c);
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(result.out, "APPDIR=" + appdir_ + "\n[" + appdir_ + "][x]\n");
}

}  // namespace
}  // namespace squashrun::test
