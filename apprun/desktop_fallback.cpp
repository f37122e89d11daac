// The desktop-file fallback: find the one desktop file, split its Exec=, find the program.
#include "desktop_fallback.hpp"

#include <climits>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "apprun.hpp"
#include "core/apprun/desktop_exec.hpp"
#include "core/desktop/entry.hpp"
#include "core/desktop/search.hpp"
#include "os/directory_tree.hpp"
#include "os/executable.hpp"
#include "programs.hpp"

namespace squashrun::apprun {

int run_desktop_exec(const std::string& appdir, const std::vector<std::string>& user_args,
                     const core::Environment& env) {
    os::DirectoryTree tree(appdir);
    std::vector<std::string> desktops = core::root_desktop_files(tree);
    if (desktops.size() != 1) {
        return fail(appdir + ": no " + kConfigName + " and " +
                    (desktops.empty() ? "no" : "more than one") +
                    " .desktop file to take Exec= from");
    }
    std::string path = tree.where(desktops.front());
    auto text = tree.read(desktops.front(), std::numeric_limits<size_t>::max());
    if (!text) return fail("cannot read " + text.message());
    auto desktop = core::parse_desktop_file(*text);
    if (!desktop) return fail(path + ": " + desktop.message());
    auto exec = desktop->entry("Exec");
    if (!exec) return fail(path + ": no Exec= in [Desktop Entry]");
    core::ExecFields fields{desktop->entry("Name").value_or(""),
                            desktop->entry("Icon").value_or(""), path};
    auto argv = core::exec_command_line(*exec, user_args, fields);
    if (!argv) return fail(path + ": " + argv.message());
    if (argv->empty() || argv->front().empty()) return fail(path + ": Exec= names no program");
    core::ExecPlan plan;
    plan.path = find_program(argv->front(), appdir, env);
    plan.argv = *argv;
    char self[PATH_MAX], target[PATH_MAX];
    if (::realpath("/proc/self/exe", self) != nullptr &&
        ::realpath(plan.path.c_str(), target) != nullptr && std::strcmp(self, target) == 0) {
        return fail(path + ": Exec= starts AppRun itself; add " + kConfigName +
                    " to say what to run");
    }
    if (!os::is_executable_file(plan.path)) {
        return fail(path + ": Exec= program " + argv->front() + " not found");
    }
    return exec_with(plan, env);
}

}  // namespace squashrun::apprun
