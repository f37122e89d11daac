// plan_exec: argument vectors only, no process work.
#include "core/apprun/exec_plan.hpp"

namespace squashrun::core {

ExecPlan plan_exec(const ProgramSpec& spec, const std::vector<std::string>& user_args) {
    std::string target = spec.python ? *spec.python : spec.exec.value_or("");
    std::vector<std::string> program_args;
    if (spec.python) {
        program_args.insert(program_args.end(), spec.python_flags.begin(), spec.python_flags.end());
        if (spec.module) {
            program_args.insert(program_args.end(), {"-m", *spec.module});
        } else if (spec.script) {
            program_args.push_back(*spec.script);
        }
    }
    bool spliced = false;
    for (const auto& arg : spec.args) {
        if (arg == kUserArgs) {
            program_args.insert(program_args.end(), user_args.begin(), user_args.end());
            spliced = true;
        } else {
            program_args.push_back(arg);
        }
    }
    if (!spliced) program_args.insert(program_args.end(), user_args.begin(), user_args.end());

    std::string argv0 = spec.argv0.value_or(target);
    ExecPlan plan;
    if (spec.loader) {
        plan.path = *spec.loader;
        plan.argv = {*spec.loader};
        if (spec.library_path)
            plan.argv.insert(plan.argv.end(), {"--library-path", *spec.library_path});
        plan.argv.insert(plan.argv.end(), {"--argv0", argv0, target});
    } else {
        plan.path = target;
        plan.argv = {argv0};
    }
    plan.argv.insert(plan.argv.end(), program_args.begin(), program_args.end());
    return plan;
}

}  // namespace squashrun::core
