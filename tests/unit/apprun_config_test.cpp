// AppRun's pure parts: the config parser, ${...} expansion, the environment plan, the exec
// plan, and Exec= lines of desktop files.
#include "core/apprun/config.hpp"

#include <gtest/gtest.h>

#include "core/apprun/desktop_exec.hpp"
#include "core/apprun/env_plan.hpp"
#include "core/apprun/exec_plan.hpp"
#include "core/apprun/expand.hpp"

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
        {"exec = /x\nmodule = m\n", "module, script and python-flags need python"},
        {"python = /p\nmodule = m\nscript = s\n", "give module or script, not both"},
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

TEST(Expand, KnownVariablesHostValuesAndDollars) {
    core::ExpandContext context{"/app dir", "/home/me/App.AppImage", "app", "/work",
                                [](std::string_view name) -> std::optional<std::string> {
                                    if (name == "HOME") return "/home/me";
                                    return std::nullopt;
                                }};
    EXPECT_EQ(core::expand("${APPDIR}/usr/bin", context), "/app dir/usr/bin");
    EXPECT_EQ(core::expand("${APPIMAGE}|${ARGV0}|${OWD}", context),
              "/home/me/App.AppImage|app|/work");
    EXPECT_EQ(core::expand("${HOST_HOME}/x:${HOST_UNSET}", context), "/home/me/x:");
    EXPECT_EQ(core::expand("cost $$5 and $PATH stays", context), "cost $5 and $PATH stays");
    EXPECT_EQ(core::expand("$(rm -rf /) `id` *", context), "$(rm -rf /) `id` *");
}

TEST(EnvPlan, DirectivesAndPathLists) {
    core::Environment env = core::environment_from({"PATH=/usr/bin:/bin", "EMPTY=", "GONE=x"});
    core::apply_env_op(env, core::EnvAction::prepend, "PATH", "/app/bin:/usr/bin");
    EXPECT_EQ(env["PATH"], "/app/bin:/usr/bin:/bin") << "no duplicate entries";
    core::apply_env_op(env, core::EnvAction::append, "PATH", "/opt/bin::/bin");
    EXPECT_EQ(env["PATH"], "/app/bin:/usr/bin:/bin:/opt/bin");
    core::apply_env_op(env, core::EnvAction::append, "NEW_LIST", "/a");
    EXPECT_EQ(env["NEW_LIST"], "/a");
    core::apply_env_op(env, core::EnvAction::set_default, "EMPTY", "filled");
    core::apply_env_op(env, core::EnvAction::set_default, "PATH", "/ignored");
    EXPECT_EQ(env["EMPTY"], "filled");
    EXPECT_EQ(env["PATH"], "/app/bin:/usr/bin:/bin:/opt/bin");
    core::apply_env_op(env, core::EnvAction::unset, "GONE", "");
    EXPECT_EQ(env.count("GONE"), 0U);
    core::apply_env_op(env, core::EnvAction::set, "A", "x=y");
    EXPECT_EQ(core::environment_entries(env).front(), "A=x=y");
}

TEST(ExecPlan, PythonModeLoaderAndArgumentSplicing) {
    core::ProgramSpec spec;
    spec.python = "/app/usr/bin/python3.11";
    spec.python_flags = {"-I", "-s"};
    spec.module = "hello_py";
    spec.args = {"--first", std::string(core::kUserArgs), "--last"};
    Strings user = {"", "two words", "--", "line\nbreak"};
    auto plain = core::plan_exec(spec, user);
    EXPECT_EQ(plain.path, "/app/usr/bin/python3.11");
    EXPECT_EQ(plain.argv, (Strings{"/app/usr/bin/python3.11", "-I", "-s", "-m", "hello_py",
                                   "--first", "", "two words", "--", "line\nbreak", "--last"}));
    spec.loader = "/app/lib64/ld.so";
    spec.library_path = "/app/lib";
    spec.argv0 = "/app/usr/bin/python3";
    spec.module.reset();
    spec.script = "/app/main.py";
    spec.args.clear();
    auto loaded = core::plan_exec(spec, {"x"});
    EXPECT_EQ(loaded.path, "/app/lib64/ld.so");
    EXPECT_EQ(loaded.argv, (Strings{"/app/lib64/ld.so", "--library-path", "/app/lib", "--argv0",
                                    "/app/usr/bin/python3", "/app/usr/bin/python3.11", "-I", "-s",
                                    "/app/main.py", "x"}));
    core::ProgramSpec tool;
    tool.exec = "/app/bin/tool";
    EXPECT_EQ(core::plan_exec(tool, {"a"}).argv, (Strings{"/app/bin/tool", "a"}));
}

TEST(DesktopExec, QuotingAndFieldCodes) {
    core::ExecFields fields{"My App", "myapp", "/app/myapp.desktop"};
    Strings user = {"a b", "", "%f"};
    auto argv = core::exec_command_line(R"(tool "--title=%c" %F --x)", user, fields);
    ASSERT_TRUE(argv) << argv.message();
    EXPECT_EQ(*argv, (Strings{"tool", "--title=My App", "a b", "", "%f", "--x"}));
    auto appended = core::exec_command_line(R"("my tool" --opt=1 100%%)", user, fields);
    ASSERT_TRUE(appended) << appended.message();
    EXPECT_EQ(*appended, (Strings{"my tool", "--opt=1", "100%", "a b", "", "%f"}));
    auto quoted = core::exec_command_line(R"(sh "a \"b\" \$c \\d" %i %k %d)", {}, fields);
    ASSERT_TRUE(quoted) << quoted.message();
    EXPECT_EQ(*quoted, (Strings{"sh", "a \"b\" $c \\d", "--icon", "myapp", "/app/myapp.desktop"}));
    for (const char* bad : {"", "tool \"open", "tool x%F", "tool %z", "tool \"a\"b"}) {
        EXPECT_FALSE(core::exec_command_line(bad, {}, fields)) << bad;
    }
}

}  // namespace
}  // namespace squashrun
