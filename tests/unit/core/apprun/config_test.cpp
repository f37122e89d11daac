// AppRun's config parser: every key, errors that name the line, env hook files.
#include "core/apprun/config.hpp"

#include <gtest/gtest.h>

namespace squashrun {
namespace {

using Strings = std::vector<std::string>;

const char* kFullConfig = R"(# A Python app with a multi-call pip
python = ${APPDIR}/usr/bin/python3.11
python-flags = -I -s
module = hello_py
arg = --greeting-file=${APPDIR}/usr/share/hello/greeting.txt
arg = ${@}
loader = ${APPDIR}/lib64/ld-linux-x86-64.so.2
library-path = ${APPDIR}/lib/x86_64-linux-gnu
argv0 = ${APPDIR}/usr/bin/python3
set LANG_FALLBACK = C.UTF-8
default XDG_DATA_DIRS = /usr/local/share:/usr/share
prepend XDG_DATA_DIRS = ${APPDIR}/usr/share
append PATH = ${APPDIR}/usr/bin
unset PYTHONSTARTUP
hooks = ${APPDIR}/apprun-hooks
shell-hooks = yes
ca-certificates = yes
default-command = hello

[command hello]
python = ${APPDIR}/usr/bin/python3.11
module = hello_py

[command tool]
exec = ${APPDIR}/usr/bin/tool
workdir = ${OWD}
set TOOL_HOME = ${HOST_HOME}/.tool
)";

TEST(AppRunConfig, ParsesEveryKey) {
    auto config = core::parse_apprun_config(kFullConfig);
    ASSERT_TRUE(config) << config.message();
    const auto& m = config->main;
    EXPECT_EQ(m.python, "${APPDIR}/usr/bin/python3.11");
    EXPECT_EQ(m.python_flags, (Strings{"-I", "-s"}));
    auto tabbed = core::parse_apprun_config("python = /p\npython-flags = -E\t-s\n");
    ASSERT_TRUE(tabbed) << tabbed.message();
    EXPECT_EQ(tabbed->main.python_flags, (Strings{"-E", "-s"}));
    EXPECT_EQ(m.module, "hello_py");
    EXPECT_EQ(m.args, (Strings{"--greeting-file=${APPDIR}/usr/share/hello/greeting.txt", "${@}"}));
    EXPECT_EQ(m.loader, "${APPDIR}/lib64/ld-linux-x86-64.so.2");
    EXPECT_EQ(m.argv0, "${APPDIR}/usr/bin/python3");
    ASSERT_EQ(m.env.size(), 5U);
    EXPECT_EQ(m.env[0].action, core::EnvAction::set);
    EXPECT_EQ(m.env[1].action, core::EnvAction::set_default);
    EXPECT_EQ(m.env[2].action, core::EnvAction::prepend);
    EXPECT_EQ(m.env[3].action, core::EnvAction::append);
    EXPECT_EQ(m.env[4].action, core::EnvAction::unset);
    EXPECT_EQ(m.env[4].name, "PYTHONSTARTUP");
    EXPECT_EQ(config->hooks, "${APPDIR}/apprun-hooks");
    EXPECT_TRUE(config->shell_hooks);
    EXPECT_TRUE(config->ca_certificates);
    EXPECT_EQ(config->default_command, "hello");
    ASSERT_NE(config->command("tool"), nullptr);
    EXPECT_EQ(config->command("tool")->workdir, "${OWD}");
    EXPECT_EQ(config->command("tool")->env.at(0).value, "${HOST_HOME}/.tool");
    EXPECT_EQ(config->command("nope"), nullptr);
}

TEST(AppRunConfig, EntryPoints) {
    auto config = core::parse_apprun_config(
        "python = ${APPDIR}/usr/bin/python3\nentry-point = hello_py.cli:main\n"
        "[command tool]\npython = ${APPDIR}/usr/bin/python3\nentry-point = _t0.x:App.run\n");
    ASSERT_TRUE(config) << config.message();
    EXPECT_EQ(config->main.entry_point, "hello_py.cli:main");
    EXPECT_EQ(config->command("tool")->entry_point, "_t0.x:App.run");
}

TEST(AppRunConfig, DesktopIntegrationKeys) {
    auto defaults = core::parse_apprun_config("exec = /x\n");
    ASSERT_TRUE(defaults) << defaults.message();
    EXPECT_TRUE(defaults->desktop.enabled);
    EXPECT_EQ(defaults->desktop.install_option, "--install-desktop");
    EXPECT_EQ(defaults->desktop.uninstall_option, "--uninstall-desktop");
    EXPECT_EQ(defaults->desktop.after_install, std::nullopt);
    auto config = core::parse_apprun_config(
        "exec = /x\n"
        "desktop-integration = no\n"
        "install-desktop-option = --add-to-menu\n"
        "uninstall-desktop-option = --remove-from-menu\n"
        "after-install = ${APPDIR}/usr/bin/installed\n"
        "before-uninstall = ${APPDIR}/usr/bin/leaving\n");
    ASSERT_TRUE(config) << config.message();
    EXPECT_FALSE(config->desktop.enabled);
    EXPECT_EQ(config->desktop.install_option, "--add-to-menu");
    EXPECT_EQ(config->desktop.uninstall_option, "--remove-from-menu");
    EXPECT_EQ(config->desktop.after_install, "${APPDIR}/usr/bin/installed");
    EXPECT_EQ(config->desktop.before_uninstall, "${APPDIR}/usr/bin/leaving");
}

TEST(AppRunConfig, BadLinesNameTheLine) {
    const std::pair<const char*, const char*> cases[] = {
        {"exec = /bin/true\nbogus = 1\n", "line 2: unknown key 'bogus'"},
        {"exec = /bin/true\nexec = /bin/false\n", "line 2: exec is given twice"},
        {"exec = /bin/true\njust words\n", "line 2: expected KEY = VALUE"},
        {"exec = ${APPDIR/x\n", "line 1: unclosed ${"},
        {"exec = ${HOME}/x\n", "line 1: unknown variable ${HOME}"},
        {"exec = /x\narg = a ${@}\n", "line 2: ${@} must be a whole arg value"},
        {"exec = /x\nset PATH = ${@}\n", "line 2: ${@} (the user's arguments) is only allowed"},
        {"exec = /x\nset 1BAD = v\n", "line 2: invalid variable name '1BAD'"},
        {"exec = /x\nset NAME\n", "line 2: expected: set NAME = VALUE"},
        {"python = /p\npython-flags = -I -O\n",
         "line 2: python-flags takes -I, -E and -s, not '-O'"},
        {"exec = /x\npython = /p\n", "give exec or python, not both"},
        {"exec = /x\nmodule = m\n", "module, script, entry-point and python-flags need python"},
        {"python = /p\nmodule = m\nscript = s\n", "give one of module, script and entry-point"},
        {"python = /p\nmodule = m\nentry-point = a:b\n",
         "give one of module, script and entry-point"},
        {"exec = /x\nentry-point = a:b\n", "entry-point and python-flags need python"},
        {"python = /p\nentry-point = a.b\n", "line 2: entry-point is package.module:function"},
        {"python = /p\nentry-point = a:b; import os\n", "line 2: entry-point is"},
        {"python = /p\nentry-point = a:b [extra]\n", "line 2: entry-point is"},
        {"python = /p\nentry-point = a..b:c\n", "line 2: entry-point is"},
        {"python = /p\nentry-point = 1a:c\n", "line 2: entry-point is"},
        {"exec = /x\n[command a]\nexec = /y\n[command a]\n", "line 4: command a is defined twice"},
        {"exec = /x\n[section]\n", "line 2: expected a section header like [command NAME]"},
        {"exec = /x\n[command a]\nhooks = /h\n", "line 3: hooks belongs at the top"},
        {"exec = /x\nshell-hooks = maybe\n", "line 2: shell-hooks is yes or no"},
        {"exec = /x\nshell-hooks = no\nshell-hooks = yes\n", "line 3: shell-hooks is given twice"},
        {"exec = /x\nca-certificates = yes\nca-certificates = no\n",
         "line 3: ca-certificates is given twice"},
        {"set A = b\n", "nothing to run"},
        {"default-command = x\n", "default-command x names no [command] section"},
        {"exec = /x\n[command a]\nset A = 1\n", "[command a] gives neither exec nor python"},
        {"exec = /x\nlibrary-path = /l\n", "library-path needs loader"},
        {"exec = /x\ndesktop-integration = off\n", "line 2: desktop-integration is yes or no"},
        {"exec = /x\ninstall-desktop-option = install\n",
         "line 2: install-desktop-option is an option name like --install-desktop"},
        {"exec = /x\nuninstall-desktop-option = --a b\n",
         "line 2: uninstall-desktop-option is an option name"},
        {"exec = /x\ninstall-desktop-option = --uninstall-desktop\n",
         "line 2: install-desktop-option and uninstall-desktop-option are the same"},
        {"exec = /x\nafter-install = ${NOPE}\n", "line 2: unknown variable ${NOPE}"},
        {"exec = /x\nafter-install = /a\nafter-install = /b\n",
         "line 3: after-install is given twice"},
        {"exec = /x\n[command a]\nexec = /y\nbefore-uninstall = /b\n",
         "line 4: before-uninstall belongs at the top"},
    };
    for (const auto& [text, error] : cases) {
        auto config = core::parse_apprun_config(text);
        ASSERT_FALSE(config) << text;
        EXPECT_NE(config.message().find(error), std::string::npos)
            << text << " gave: " << config.message();
    }
}

TEST(AppRunConfig, EnvHookFiles) {
    auto ops = core::parse_env_directives("# hook\nset A = 1\n\nunset B\n");
    ASSERT_TRUE(ops) << ops.message();
    EXPECT_EQ(ops->size(), 2U);
    auto bad = core::parse_env_directives("set A = 1\nexec = /x\n");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.message(), "line 2: expected set, default, prepend, append or unset");
}

}  // namespace
}  // namespace squashrun
