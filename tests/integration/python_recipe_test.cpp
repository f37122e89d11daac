// mkappimage python: AppImages built from python-appimage recipes at test time and run as
// processes: a local package in the -m and script forms (its console script), a C extension
// module linking a library a bare root lacks (run in a busybox root, mounted and extracted),
// an entry point that needs bash, the template variables, a relocatable --python prefix, a
// project's [project.scripts] entry point, and each error.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <thread>

#include "support.hpp"

namespace squashrun::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPython = "/usr/bin/python3";

constexpr const char* kDesktop =
    "[Desktop Entry]\n"
    "Type=Application\n"
    "Name=Recipe App\n"
    "Exec=recipe-app\n"
    "Icon=recipe-app\n"
    "Categories=Utility;\n"
    "Comment=Built with Python {{ python-version }}\n";

constexpr const char* kIcon =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"16\" height=\"16\"/>\n";

// A module that reports what the interpreter sees.
constexpr const char* kReport =
    "import sys\n"
    "def main():\n"
    "    f = sys.flags\n"
    "    print('flags', f.isolated, f.ignore_environment, f.no_user_site)\n"
    "    print('prefix-in-appdir', '/.mount_' in sys.prefix)\n"
    "    print('args', sys.argv[1:])\n"
    "    return 0\n";

class PythonRecipe : public AppImageTest {
  protected:
    void SetUp() override {
        AppImageTest::SetUp();
        if (::access(kPython, X_OK) != 0) {
            if (running_in_ci()) FAIL() << kPython << " is needed (scripts/install-deps)";
            GTEST_SKIP() << "no " << kPython;
        }
        recipe_ = root_ + "/recipe";
        fs::create_directories(recipe_);
        write_file(recipe_ + "/recipe-app.desktop", kDesktop);
        write_file(recipe_ + "/recipe-app.svg", kIcon);
        // A local pure-Python project with a console script.
        std::string project = root_ + "/greeter";
        fs::create_directories(project + "/greeter");
        write_file(project + "/pyproject.toml",
                   "[project]\nname = \"greeter\"\nversion = \"1.0\"\n"
                   "[project.scripts]\ngreet = \"greeter.cli:main\"\n"
                   "[tool.setuptools]\npackages = [\"greeter\"]\n");
        write_file(project + "/greeter/__init__.py", "");
        write_file(project + "/greeter/__main__.py",
                   "import sys\nfrom greeter.cli import main\nsys.exit(main())\n");
        write_file(project + "/greeter/cli.py", kReport);
    }

    Command mkappimage(std::vector<std::string> args) const {
        Command c;
        c.argv = {mkappimage_path(), "python",   "--runtime",
                  runtime_path(),    "--apprun", apprun_path()};
        c.argv.insert(c.argv.end(), args.begin(), args.end());
        c.env["TMPDIR"] = tmp_;
        c.cwd = root_;
        return c;
    }

    // Builds the recipe into <root>/<name>; the build must succeed.
    std::string build(const std::string& name, std::vector<std::string> extra = {}) {
        std::string app = root_ + "/" + name;
        extra.insert(extra.end(), {recipe_, app});
        auto built = run(mkappimage(extra), std::chrono::seconds(120));
        EXPECT_EQ(built.exit_code(), 0) << built.describe();
        last_build_ = built.err;
        return app;
    }

    void entrypoint(const std::string& text) { write_file(recipe_ + "/entrypoint.sh", text); }

    // The host interpreter's version, X.Y.
    static std::string host_version() {
        auto version =
            run(Command::of({kPython, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"}));
        return version.out.substr(0, version.out.find('\n'));
    }

    // An installation of the test's own at `prefix`: the host's interpreter as
    // bin/pythonX.Y and its standard library as lib/pythonX.Y.
    static void copy_host_python(const std::string& prefix) {
        std::string v = host_version();
        fs::create_directories(prefix + "/bin");
        fs::create_directories(prefix + "/lib");
        fs::copy_file(fs::canonical(kPython), prefix + "/bin/python" + v);
        auto copied = run(Command::of({"/bin/cp", "-a", "/usr/lib/python" + v, prefix + "/lib/"}));
        ASSERT_EQ(copied.exit_code(), 0) << copied.describe();
    }

    // The payload of `app`, extracted by its runtime into <root>/squashfs-root.
    std::string extract(const std::string& app) const {
        Command c = Command::of({app, "--appimage-extract"});
        c.cwd = root_;
        auto extracted = run(c);
        EXPECT_EQ(extracted.exit_code(), 0) << extracted.describe();
        return root_ + "/squashfs-root";
    }

    std::string recipe_;
    std::string last_build_;
};

TEST_F(PythonRecipe, ALocalPackageRunsAsAModuleAndThroughItsConsoleScript) {
    SQUASHRUN_REQUIRE_FUSE();
    write_file(recipe_ + "/requirements.txt", "--no-index\n../greeter\n");
    entrypoint("{{ python-executable }} -I -m greeter \"$@\"\n");
    std::string app = build("Module.AppImage");
    EXPECT_NE(last_build_.find("python: /usr/bin/python3 (Python 3."), std::string::npos)
        << last_build_;
    EXPECT_NE(last_build_.find("requirements: greeter-1.0"), std::string::npos) << last_build_;
    EXPECT_NE(last_build_.find("the entry point runs without a shell"), std::string::npos);
    Command c = command(app, {"a b", "-c"});
    c.env["PYTHONPATH"] = "/nonexistent";
    auto result = run(c);
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(result.out, "flags 1 1 1\nprefix-in-appdir True\nargs ['a b', '-c']\n");
    // Nothing was written into the project (it was built from a copy).
    EXPECT_FALSE(exists(root_ + "/greeter/build"));

    // The script form: the console script pip installed, started by the bundled interpreter
    // with -E -s only.
    entrypoint(
        "#!/bin/bash\nexec \"$APPDIR/usr/bin/python{{ python-version }}\" -Es "
        "\"${APPDIR}/usr/bin/greet\" --first \"$@\"\n");
    std::string script_app = build("Script.AppImage");
    auto script = run(command(script_app, {"x"}));
    ASSERT_EQ(script.exit_code(), 0) << script.describe();
    EXPECT_EQ(script.out, "flags 0 1 1\nprefix-in-appdir True\nargs ['--first', 'x']\n");
    // The console script itself, run from inside the app, starts the bundled interpreter.
    // (The shell entry points quote the interpreter: a shell splits an unquoted ${APPDIR}
    // holding spaces, as the mount points of these tests do.)
    entrypoint(
        "\"{{ python-executable }}\" -I -c 'import subprocess, sys, os; "
        "sys.exit(subprocess.call([os.environ[\"APPDIR\"] + \"/usr/bin/greet\", \"y\"]))' "
        "\"$@\"\n");
    std::string console_app = build("Console.AppImage");
    auto console = run(command(console_app));
    ASSERT_EQ(console.exit_code(), 0) << console.describe();
    EXPECT_NE(console.out.find("args ['y']"), std::string::npos) << console.out;
    EXPECT_NE(last_build_.find("runs entrypoint.sh with bash"), std::string::npos) << last_build_;
}

TEST_F(PythonRecipe, TemplateVariablesAreFilledInEverywhere) {
    SQUASHRUN_REQUIRE_FUSE();
    write_file(recipe_ + "/recipe-app.appdata.xml",
               "<component><summary>{{ python-fullversion }} {{ architecture }}</summary>"
               "</component>\n");
    entrypoint(
        "\"{{ python-executable }}\" -I -c 'import sys; print(sys.argv[1:])' '{{ python-version "
        "}}' "
        "'{{ python-tag }}' '{{ linux-tag }}' '{{ architecture }}' '{{python-fullversion}}' "
        "\"$@\"\n");
    std::string app = build("Templates.AppImage");
    auto result = run(command(app, {"end"}));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    auto host = run(Command::of(
        {kPython, "-c",
         "import os, platform, sys; v = sys.version_info; l = os.confstr('CS_GNU_LIBC_VERSION')"
         ".split()[-1].split('.'); m = platform.machine(); print([f'{v[0]}.{v[1]}', "
         "f'cp{v[0]}{v[1]}-cp{v[0]}{v[1]}', f'manylinux_{l[0]}_{l[1]}_{m}', m, "
         "f'{v[0]}.{v[1]}.{v[2]}', 'end'])"}));
    EXPECT_EQ(result.out, host.out);
    // The desktop and AppStream files in the payload have them too.
    std::string tree = extract(app);
    std::string files = read_file(tree + "/recipe-app.desktop") +
                        read_file(tree + "/usr/share/metainfo/recipe-app.appdata.xml");
    EXPECT_NE(files.find("Comment=Built with Python 3."), std::string::npos) << files;
    EXPECT_EQ(files.find("{{"), std::string::npos) << files;
    remove_tree(root_ + "/squashfs-root");
}

// local+NAME, as python-appimage reads it: module NAME copied from where the build host's
// Python finds it (here through PYTHONPATH), its whole top-level package.
TEST_F(PythonRecipe, ALocalModuleIsCopiedFromTheBuildHostsPython) {
    SQUASHRUN_REQUIRE_FUSE();
    fs::create_directories(root_ + "/hostlib/hostmod/sub");
    write_file(root_ + "/hostlib/hostmod/__init__.py", "");
    write_file(root_ + "/hostlib/hostmod/sub/__init__.py", "");
    write_file(root_ + "/hostlib/hostmod/sub/__main__.py",
               "import sys\nprint('hostmod', sys.argv[1:])\n");
    write_file(recipe_ + "/requirements.txt", "local+hostmod.sub\n");
    entrypoint("{{ python-executable }} -I -m hostmod.sub \"$@\"\n");
    std::string app = root_ + "/Local.AppImage";
    Command c = mkappimage({recipe_, app});
    c.env["PYTHONPATH"] = root_ + "/hostlib";
    auto built = run(c, std::chrono::seconds(120));
    ASSERT_EQ(built.exit_code(), 0) << built.describe();
    EXPECT_NE(built.err.find("requirements: hostmod"), std::string::npos) << built.err;
    auto result = run(command(app, {"l"}));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(result.out, "hostmod ['l']\n");
    // Without it on the build host's path, the build says so.
    auto missing = run(mkappimage({recipe_, root_ + "/Missing.AppImage"}));
    EXPECT_EQ(missing.exit_code(), 1);
    EXPECT_NE(missing.err.find("requirements.txt:1: local+hostmod.sub: the build host's Python "
                               "has no module hostmod"),
              std::string::npos)
        << missing.err;
}

TEST_F(PythonRecipe, AnEntryPointThatNeedsBashRunsThroughBash) {
    SQUASHRUN_REQUIRE_FUSE();
    entrypoint(
        "#! /bin/bash\nexport GREETING=\"from bash\"\n"
        "\"{{ python-executable }}\" -c 'import os, sys; print(os.environ[\"GREETING\"], "
        "sys.argv[1:])' \"$@\"\n");
    std::string app = build("Bash.AppImage");
    EXPECT_NE(last_build_.find("runs entrypoint.sh with bash"), std::string::npos) << last_build_;
    auto result = run(command(app, {"a b"}));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(result.out, "from bash ['a b']\n");
}

// A relocatable installation assembled here: the host's interpreter and standard library
// under a prefix of the test's own; the app is a script given with -x.
TEST_F(PythonRecipe, ARelocatablePythonPrefixAndExtraData) {
    SQUASHRUN_REQUIRE_FUSE();
    std::string v = host_version();
    std::string prefix = root_ + "/python-prefix";
    copy_host_python(prefix);
    fs::create_symlink("python" + v, prefix + "/bin/python3");
    // The installation's own site-packages (a developer's packages) is not bundled.
    fs::create_directories(prefix + "/lib/python" + v + "/site-packages");
    write_file(prefix + "/lib/python" + v + "/site-packages/devjunk.py", "X = 1\n");
    fs::create_directories(root_ + "/data");
    write_file(root_ + "/data/app.py",
               "import importlib.util, sys\nprint('prefix', sys.version_info[:2], sys.argv[1:], "
               "importlib.util.find_spec('devjunk'))\n");
    entrypoint("{{ python-executable }} -I ${APPDIR}/data/app.py \"$@\"\n");
    std::string app = build("Prefix.AppImage", {"--python", prefix, "-x", root_ + "/data"});
    EXPECT_NE(last_build_.find("python: " + prefix + "/bin/python3"), std::string::npos)
        << last_build_;
    auto result = run(command(app, {"z"}));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(result.out.rfind("prefix (3, ", 0), 0U) << result.out;
    EXPECT_NE(result.out.find("['z'] None\n"), std::string::npos) << result.out;
}

// A Python AppImage in python-appimage's layout, built here from the host's interpreter:
// opt/pythonX.Y with the interpreter and its standard library, usr/bin/pythonX.Y a link to
// it, a bash AppRun, its own desktop file and icon.
TEST_F(PythonRecipe, ABaseImageInPythonAppimagesLayout) {
    SQUASHRUN_REQUIRE_FUSE();
    std::string v = host_version();
    std::string base = root_ + "/base";
    copy_host_python(base + "/opt/python" + v);
    fs::create_directories(base + "/usr/bin");
    fs::create_symlink("../../opt/python" + v + "/bin/python" + v, base + "/usr/bin/python" + v);
    write_file(base + "/AppRun", "#! /bin/bash\nexec \"$APPDIR/usr/bin/python" + v + "\" \"$@\"\n",
               0755);
    write_file(base + "/python" + v + ".desktop",
               "[Desktop Entry]\nType=Application\nName=Python\nExec=python\nIcon=python\n"
               "Categories=Development;\nTerminal=true\n");
    write_file(base + "/python.svg", kIcon);
    std::string base_image = root_ + "/python" + v + "-cp-manylinux.AppImage";
    build_appimage(base, base_image);
    fs::create_directories(root_ + "/data");
    write_file(root_ + "/data/app.py",
               "import sys\nprint('base', sys.prefix.endswith('/opt/python" + v +
                   "'), sys.flags.isolated, sys.argv[1:])\n");
    entrypoint("{{ python-executable }} -I ${APPDIR}/data/app.py \"$@\"\n");
    std::string app =
        build("FromBase.AppImage", {"--base-image", base_image, "-x", root_ + "/data"});
    EXPECT_NE(last_build_.find("python: " + base_image + " (Python " + v), std::string::npos)
        << last_build_;
    auto result = run(command(app, {"q"}));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(result.out, "base True 1 ['q']\n");
    // The base image's own entry is gone, the recipe's is there.
    auto listed = list_dir(extract(app));
    EXPECT_FALSE(std::count(listed.begin(), listed.end(), "python" + v + ".desktop"));
    EXPECT_TRUE(std::count(listed.begin(), listed.end(), "recipe-app.desktop"));
    remove_tree(root_ + "/squashfs-root");
}

// A plain project: pyproject.toml's [project.scripts] entry point, with the desktop file and
// icon given as options.
TEST_F(PythonRecipe, AProjectsEntryPointRunsAsAConsoleScript) {
    SQUASHRUN_REQUIRE_FUSE();
    std::string app = root_ + "/Project.AppImage";
    // The plain build's options apply, signing included.
    ASSERT_EQ(
        run(Command::of({mkappimage_path(), "--generate-key", root_ + "/release.key"})).exit_code(),
        0);
    auto built = run(mkappimage({"--desktop", recipe_ + "/recipe-app.desktop", "--icon",
                                 recipe_ + "/recipe-app.svg", "--no-index", "--sign",
                                 root_ + "/release.key", root_ + "/greeter", app}),
                     std::chrono::seconds(120));
    ASSERT_EQ(built.exit_code(), 0) << built.describe();
    EXPECT_NE(built.err.find("signed " + app + " with key"), std::string::npos) << built.err;
    auto verified = run(Command::of({app, "--appimage-verify"}));
    EXPECT_EQ(verified.exit_code(), 0) << verified.describe();
    auto result = run(command(app, {"p"}));
    ASSERT_EQ(result.exit_code(), 0) << result.describe();
    EXPECT_EQ(result.out, "flags 1 1 1\nprefix-in-appdir True\nargs ['p']\n");
}

// A C extension module, built into a wheel here with the host's compiler, linking libz: the
// AppImage brings libz, the loader and the C library along, and runs in a root holding only
// a static busybox, from a mount and extracted.
TEST_F(PythonRecipe, ACExtensionRunsInABareRoot) {
    SQUASHRUN_REQUIRE_BUSYBOX_ROOT();
    SQUASHRUN_REQUIRE_FUSE();
    std::string ext = root_ + "/zext";
    fs::create_directories(ext);
    write_file(ext + "/zext.c",
               "#define PY_SSIZE_T_CLEAN\n#include <Python.h>\n#include <zlib.h>\n"
               "static PyObject* version(PyObject* self, PyObject* args) {\n"
               "    return PyUnicode_FromString(zlibVersion());\n}\n"
               "static PyMethodDef methods[] = {{\"version\", version, METH_NOARGS, \"\"}, "
               "{NULL, NULL, 0, NULL}};\n"
               "static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, \"zext\", NULL, -1, "
               "methods};\n"
               "PyMODINIT_FUNC PyInit_zext(void) { return PyModule_Create(&module); }\n");
    write_file(ext + "/zrun.py", "import sys, zext\nprint('zlib', zext.version(), sys.argv[1:])\n");
    write_file(ext + "/setup.py",
               "from setuptools import setup, Extension\n"
               "setup(name='zext', version='1.0', py_modules=['zrun'], "
               "ext_modules=[Extension('zext', ['zext.c'], libraries=['z'])])\n");
    auto wheel = run(Command::of({kPython, "-m", "pip", "wheel", "--no-build-isolation",
                                  "--no-deps", "--no-index", "-w", root_ + "/wheels", ext}),
                     std::chrono::seconds(120));
    ASSERT_EQ(wheel.exit_code(), 0) << wheel.describe();
    write_file(recipe_ + "/requirements.txt", "--no-index\n--find-links ../wheels\nzext\n");
    fs::create_directories(root_ + "/data");
    write_file(root_ + "/data/run.py",
               "import sys, zext\nprint('zlib', zext.version(), sys.argv[1:])\n");
    entrypoint("{{ python-executable }} -I ${APPDIR}/data/run.py \"$@\"\n");
    std::string app = build("Ext.AppImage", {"-x", root_ + "/data"});
    ASSERT_TRUE(exists(app));
    EXPECT_NE(last_build_.find("requirements: zext-1.0"), std::string::npos) << last_build_;
    // The -m form of the same, run on the host, with the wheel named by its path.
    auto wheels = list_dir(root_ + "/wheels");
    ASSERT_EQ(wheels.size(), 1U);
    write_file(recipe_ + "/requirements.txt", "../wheels/" + wheels.front() + "\n");
    entrypoint("{{ python-executable }} -I -m zrun \"$@\"\n");
    std::string module_app = build("ExtModule.AppImage");
    auto module = run(command(module_app, {"m"}));
    ASSERT_EQ(module.exit_code(), 0) << module.describe();
    EXPECT_EQ(module.out.rfind("zlib 1.", 0), 0U) << module.out;
    EXPECT_NE(module.out.find("['m']"), std::string::npos) << module.out;

    std::string jail = root_ + "/jail";
    make_busybox_root(jail, app);
    for (const char* mode : {"mount", "extract"}) {
        auto result = run_in_busybox_root(jail, "in-the-jail", std::string(mode) == "extract");
        ASSERT_EQ(result.exit_code(), 0) << mode << ": " << result.describe();
        EXPECT_EQ(result.out.rfind("zlib 1.", 0), 0U) << mode << ": " << result.out;
        EXPECT_NE(result.out.find("['in-the-jail']"), std::string::npos) << result.out;
    }
    remove_tree(jail + "/tmp");
}

// SIGINT half way through a build (while the bundle is assembled) leaves no temporary
// directory and no output.
TEST_F(PythonRecipe, AnInterruptedBuildLeavesNothing) {
    entrypoint("{{ python-executable }} -I -m greeter \"$@\"\n");
    write_file(recipe_ + "/requirements.txt", "--no-index\n../greeter\n");
    for (int delay_ms : {300, 900}) {
        auto before = list_dir(root_);
        Child child(mkappimage({recipe_, root_ + "/out.AppImage"}));
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        child.send(SIGINT);
        auto outcome = child.finish(std::chrono::seconds(60));
        EXPECT_EQ(outcome.signal(), SIGINT) << delay_ms << ": " << outcome.describe();
        // pip, if it was running, may take a moment to notice that its tree is gone.
        for (int i = 0; i < 50 && !list_dir(tmp_).empty(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        EXPECT_TRUE(list_dir(tmp_).empty()) << delay_ms;
        EXPECT_EQ(list_dir(root_), before) << delay_ms;
    }
}

struct BadRecipe {
    const char* what;
    const char* entrypoint;    // "" leaves it out
    const char* requirements;  // "" leaves it out
    std::vector<std::string> options;
    const char* message;
};

void PrintTo(const BadRecipe& bad, std::ostream* out) {
    *out << bad.what;
}

class PythonRecipeErrors : public PythonRecipe, public testing::WithParamInterface<BadRecipe> {};

TEST_P(PythonRecipeErrors, OneLineExitOneNothingLeft) {
    const BadRecipe& b = GetParam();
    if (*b.entrypoint) entrypoint(b.entrypoint);
    if (*b.requirements) write_file(recipe_ + "/requirements.txt", b.requirements);
    std::vector<std::string> args = b.options;
    // "@an-appimage": an AppImage that holds no Python.
    std::replace(args.begin(), args.end(), std::string("@an-appimage"), make_app("exit 0"));
    auto before = list_dir(root_);
    args.insert(args.end(), {recipe_, root_ + "/out.AppImage"});
    auto result = run(mkappimage(args), std::chrono::seconds(120));
    EXPECT_EQ(result.exit_code(), 1) << result.describe();
    auto lines = std::count(result.err.begin(), result.err.end(), '\n');
    // The interpreter line comes first once the recipe has been read.
    EXPECT_LE(lines, 2) << result.err;
    std::string last = result.err.substr(result.err.rfind('\n', result.err.size() - 2) + 1);
    EXPECT_NE(last.find(b.message), std::string::npos) << result.err;
    EXPECT_EQ(list_dir(root_), before) << "nothing may be written";
    EXPECT_TRUE(list_dir(tmp_).empty()) << "no temporary directory may be left";
}

INSTANTIATE_TEST_SUITE_P(
    Mkappimage, PythonRecipeErrors,
    testing::Values(
        BadRecipe{"no_entry_point", "", "", {}, "no entrypoint.sh (a python-appimage recipe)"},
        BadRecipe{"unknown_variable",
                  "# start\n{{ python-executable }} {{ pyhton-tag }} \"$@\"\n",
                  "",
                  {},
                  "entrypoint.sh: line 2: unknown template variable {{ pyhton-tag }}"},
        BadRecipe{"missing_requirement",
                  "{{ python-executable }} -m app \"$@\"\n",
                  "--no-index\nno-such-package-squashrun\n",
                  {},
                  "requirements.txt: pip install failed: ERROR: No matching distribution found "
                  "for no-such-package-squashrun"},
        BadRecipe{"python_not_an_installation",
                  "{{ python-executable }} -m app \"$@\"\n",
                  "",
                  {"--python", "/usr/share"},
                  "--python /usr/share: not a Python installation (no bin/python3 in it)"},
        BadRecipe{"python_not_python",
                  "{{ python-executable }} -m app \"$@\"\n",
                  "",
                  {"--python", "/bin/true"},
                  "/bin/true: not a Python 3 interpreter"},
        BadRecipe{"base_image_not_python",
                  "{{ python-executable }} -m app \"$@\"\n",
                  "",
                  {"--base-image", "@an-appimage"},
                  "not a Python AppImage (no opt/pythonX.Y/bin/pythonX.Y"},
        BadRecipe{"base_image_not_appimage",
                  "{{ python-executable }} -m app \"$@\"\n",
                  "",
                  {"--base-image", "/etc/hostname"},
                  "--base-image /etc/hostname: cannot be extracted"}),
    [](const testing::TestParamInfo<BadRecipe>& param_info) { return param_info.param.what; });

}  // namespace
}  // namespace squashrun::test
