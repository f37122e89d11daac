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

}  // namespace
}  // namespace squashrun
