// Build-time checks of apprun.conf over an in-memory AppDir: every ${APPDIR} path the
// configuration names, by kind, and the $APPDIR-without-braces hint.
#include "core/apprun/config_check.hpp"

#include <gtest/gtest.h>

#include "memory_tree.hpp"

namespace squashrun {
namespace {

test::MemoryTree python_appdir() {
    test::MemoryTree tree;
    tree.file("usr/bin/python3.11", "", 0755)
        .link("usr/bin/python3", "python3.11")
        .file("lib64/ld-linux-x86-64.so.2", "", 0755)
        .dir("lib/x86_64-linux-gnu")
        .file("usr/share/app/main.py")
        .dir("hooks")
        .file("usr/bin/installed", "", 0755);
    return tree;
}

core::Status check(const std::string& text, const core::TreeView& tree) {
    auto config = core::parse_apprun_config(text);
    EXPECT_TRUE(config) << config.message();
    if (!config) return config.error();
    return core::check_config_paths(*config, tree);
}

TEST(ConfigCheck, AcceptsAConfigurationWhosePathsAreThere) {
    auto tree = python_appdir();
    EXPECT_TRUE(
        check("python = ${APPDIR}/usr/bin/python3\n"
              "script = ${APPDIR}/usr/share/app/main.py\n"
              "loader = ${APPDIR}/lib64/ld-linux-x86-64.so.2\n"
              "library-path = ${APPDIR}/lib/x86_64-linux-gnu:/usr/lib:${HOST_X}/lib\n"
              "hooks = ${APPDIR}/hooks/\n"
              "after-install = ${APPDIR}/usr/bin/installed\n"
              "workdir = ${OWD}\n"
              "[command sh]\n"
              "exec = /bin/sh\n",
              tree));
}

TEST(ConfigCheck, NamesTheLineAndWhatIsWrong) {
    auto tree = python_appdir();
    tree.file("usr/bin/not-executable", "", 0644);
    const std::pair<const char*, const char*> cases[] = {
        {"python = ${APPDIR}/usr/bin/python3.12\n",
         "line 1: the interpreter ${APPDIR}/usr/bin/python3.12 is not in the AppDir"},
        {"exec = ${APPDIR}/usr/bin/not-executable\n",
         "line 1: the program ${APPDIR}/usr/bin/not-executable is not executable"},
        {"python = ${APPDIR}/usr/bin/python3\nscript = ${APPDIR}/usr/share/app\n",
         "line 2: the script ${APPDIR}/usr/share/app is not a regular file"},
        {"exec = /bin/true\n# comment\nloader = ${APPDIR}/lib/ld.so\n",
         "line 3: the loader ${APPDIR}/lib/ld.so is not in the AppDir"},
        {"exec = /bin/true\nloader = /l\nlibrary-path = "
         "${APPDIR}/lib:${APPDIR}/lib64/ld-linux-x86-64.so.2\n",
         "line 3: the library directory ${APPDIR}/lib64/ld-linux-x86-64.so.2 is not a directory"},
        {"exec = /bin/true\nhooks = ${APPDIR}/apprun-hooks\n",
         "line 2: the hooks ${APPDIR}/apprun-hooks is not in the AppDir"},
        {"exec = /bin/true\nbefore-uninstall = ${APPDIR}/usr/bin/leaving\n",
         "line 2: the before-uninstall program ${APPDIR}/usr/bin/leaving is not in the AppDir"},
        {"exec = /bin/true\n[command x]\nexec = ${APPDIR}/x\n",
         "line 3: the program ${APPDIR}/x is not in the AppDir"},
        {"exec = /bin/true\nworkdir = ${APPDIR}/usr/share/app/main.py\n",
         "line 2: the working directory ${APPDIR}/usr/share/app/main.py is not a directory"},
    };
    for (const auto& [text, error] : cases) {
        auto status = check(text, tree);
        ASSERT_FALSE(status) << text;
        EXPECT_EQ(status.message(), error);
    }
    // A link that leaves the tree is named as such.
    tree.link("usr/bin/escape", "../../../../bin/sh");
    auto escaping = check("exec = ${APPDIR}/usr/bin/escape\n", tree);
    ASSERT_FALSE(escaping);
    EXPECT_EQ(escaping.message().rfind("line 1: the program ${APPDIR}/usr/bin/escape: ", 0), 0U)
        << escaping.message();
}

TEST(ConfigCheck, HintsAtAppDirWithoutBraces) {
    EXPECT_TRUE(core::check_unbraced_variables("exec = ${APPDIR}/x\n# $APPDIR in a comment\n"));
    EXPECT_TRUE(core::check_unbraced_variables("arg = $$APPDIR is literal\n"));
    auto plain = core::check_unbraced_variables("exec = /bin/true\nexec = $APPDIR/usr/bin/x\n");
    ASSERT_FALSE(plain);
    EXPECT_EQ(plain.message(), "line 2: $APPDIR is not expanded in apprun.conf; write ${APPDIR}");
    EXPECT_FALSE(core::check_unbraced_variables("arg = $$$APPDIR\n"));
}

}  // namespace
}  // namespace squashrun
