// Program lookup in the AppDir and the host's PATH, and the exec that starts them.
#include "programs.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "apprun.hpp"
#include "core/apprun/host_record.hpp"
#include "os/c_strings.hpp"
#include "os/executable.hpp"

namespace squashrun::apprun {

int exec_with(const core::ExecPlan& plan, const core::Environment& env) {
    os::CStringArray envp(core::environment_entries(env));
    os::CStringArray argv(plan.argv);
    ::execve(plan.path.c_str(), argv.data(), envp.data());
    return fail("cannot run " + plan.path + ": " + std::strerror(errno));
}

std::string find_program(const std::string& name, const std::string& appdir,
                         const core::Environment& env) {
    if (name.find('/') != std::string::npos)
        return name.front() == '/' ? name : appdir + "/" + name;
    std::string dirs = appdir + "/usr/bin:" + appdir + "/bin";
    if (auto path = env.find("PATH"); path != env.end()) dirs += ":" + path->second;
    return os::find_executable(name, dirs).value_or(name);
}

int run_on_host(const Invocation& inv) {
    const auto& args = inv.args;
    if (args.size() < 3) return fail(args[1] + " needs a program to run");
    core::Environment env = core::host_environment(inv.environment);
    core::ExecPlan plan;
    std::string program = args[2];
    plan.path = program;
    if (program.find('/') == std::string::npos) {
        std::string dirs = env.count("PATH") ? env["PATH"] : os::kDefaultPath;
        plan.path = os::find_executable(program, dirs).value_or(program);
    }
    plan.argv.assign(args.begin() + 2, args.end());
    return exec_with(plan, env);
}

}  // namespace squashrun::apprun
