// The exec plan: Python mode, the loader, and splicing of the user's arguments.
#include "core/apprun/exec_plan.hpp"

#include <gtest/gtest.h>

namespace squashrun {
namespace {

using Strings = std::vector<std::string>;

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

// An entry point runs as a console script would: the command's name as sys.argv[0], the
// function's return value as the exit status (checked with a real interpreter in the AppRun
// integration tests).
TEST(ExecPlan, EntryPointsRunTheirFunction) {
    EXPECT_EQ(core::entry_point_code("hello_py.cli:main"),
              "import sys; del sys.argv[0]; from hello_py.cli import main; sys.exit(main())");
    EXPECT_EQ(core::entry_point_code("tool:App.run"),
              "import sys; del sys.argv[0]; from tool import App; sys.exit(App.run())");
    core::ProgramSpec spec;
    spec.python = "/app/usr/bin/python3.11";
    spec.python_flags = {"-I"};
    spec.entry_point = "hello_py.cli:main";
    spec.args = {"--first"};
    EXPECT_EQ(core::plan_exec(spec, {"a b"}, "hello-py").argv,
              (Strings{"/app/usr/bin/python3.11", "-I", "-c",
                       core::entry_point_code("hello_py.cli:main"), "hello-py", "--first", "a b"}));
}

}  // namespace
}  // namespace squashrun
