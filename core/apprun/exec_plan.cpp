// plan_exec: argument vectors only, no process work.
#include "core/apprun/exec_plan.hpp"

namespace squashrun::core {

std::string entry_point_code(const std::string& value) {
    size_t colon = value.find(':');
    std::string module = value.substr(0, colon);
    std::string object = value.substr(colon + 1);
    std::string first = object.substr(0, object.find('.'));
    // sys.argv is ["-c", COMMAND, ARGS...]: the command becomes argv[0].
    return "import sys; del sys.argv[0]; from " + module + " import " + first + "; sys.exit(" +
           object + "())";
}

ExecPlan plan_exec(const ProgramSpec& spec, const std::vector<std::string>& user_args,
                   const std::string& command) {
    std::string target = spec.python ? *spec.python : spec.exec.value_or("");
    std::vector<std::string> program_args;
    if (spec.python) {
        program_args.insert(program_args.end(), spec.python_flags.begin(), spec.python_flags.end());
        if (spec.module) {
            program_args.insert(program_args.end(), {"-m", *spec.module});
        } else if (spec.script) {
            program_args.push_back(*spec.script);
        } else if (spec.entry_point) {
            program_args.insert(program_args.end(),
                                {"-c", entry_point_code(*spec.entry_point), command});
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
