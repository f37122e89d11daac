// The steps of `mkappimage python`: options, recipe, interpreter, bundle, requirements,
// entry point, shared libraries, apprun.conf, report; then the plain build of the AppDir.
#include "python_build.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <map>

#include "../interrupt.hpp"
#include "../mkappimage.hpp"
#include "../process.hpp"
#include "../runtime_file.hpp"
#include "core/python/bundle_config.hpp"
#include "core/python/requirements.hpp"
#include "os/copy_tree.hpp"
#include "os/files.hpp"
#include "os/fs_ops.hpp"
#include "os/replace_file.hpp"
#include "os/temp_dir.hpp"
#include "python_base_image.hpp"
#include "python_bundle.hpp"
#include "python_options.hpp"
#include "python_pip.hpp"
#include "python_probe.hpp"
#include "python_recipe.hpp"

#ifndef SQUASHRUN_BUILD_APPRUN
#define SQUASHRUN_BUILD_APPRUN ""
#endif

namespace squashrun::mkappimage {
namespace {

constexpr const char* kDefaultPython = "/usr/bin/python3";

int fail(const std::string& message) {
    say(message);
    return kExitFailure;
}

// --python: an interpreter, or the prefix of an installation (its bin/python3).
core::Result<std::string> choose_interpreter(const std::string& flag) {
    if (flag.empty()) return std::string(kDefaultPython);
    struct stat st {};
    if (::stat(flag.c_str(), &st) != 0) return core::make_error("--python " + flag + ": not found");
    if (!S_ISDIR(st.st_mode)) return flag;
    for (const char* name : {"bin/python3", "bin/python"}) {
        std::string candidate = os::join_path(flag, name);
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return core::make_error("--python " + flag +
                            ": not a Python installation (no bin/python3 in it)");
}

uint64_t tree_bytes(const std::string& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return 0;
    if (!S_ISDIR(st.st_mode)) return S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : 0;
    uint64_t total = 0;
    for (const auto& name : os::list_directory(path))
        total += tree_bytes(os::join_path(path, name));
    return total;
}

std::string megabytes(uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return text;
}

// The bundle's size and its largest parts: the interpreter, the standard library, each
// installed package, the shared libraries.
void report_sizes(const std::string& appdir, const BundleLayout& layout,
                  const PythonInstall& install) {
    std::vector<std::pair<uint64_t, std::string>> parts;
    parts.emplace_back(tree_bytes(os::join_path(appdir, layout.interpreter)), "the interpreter");
    parts.emplace_back(tree_bytes(os::join_path(appdir, layout.lib + "/python" + install.version)),
                       "the standard library");
    parts.emplace_back(tree_bytes(os::join_path(appdir, "lib")), "shared libraries");
    std::string site = os::join_path(appdir, layout.site);
    for (const auto& name : os::list_directory(site)) {
        if (name.ends_with(".dist-info") || name == "__pycache__") continue;
        parts.emplace_back(tree_bytes(os::join_path(site, name)), name);
    }
    std::sort(parts.rbegin(), parts.rend());
    std::string line = "bundle: " + megabytes(tree_bytes(appdir)) + " before compression; largest:";
    for (size_t i = 0; i < parts.size() && i < 5; ++i)
        line += (i == 0 ? " " : ", ") + parts[i].second + " " + megabytes(parts[i].first);
    say(line);
}

// --base-image: its payload unpacked into `appdir`; its interpreter.
core::Result<std::string> base_image_interpreter(const PythonOptions& options,
                                                 const std::string& appdir, const std::string& work,
                                                 const Settings& settings) {
    auto runtime = locate_runtime(options.build.runtime);
    if (!runtime) return runtime.error();
    return unpack_base_image(options.base_image, *runtime, appdir, work, settings);
}

// `names` joined by `separator`, the last two by `last`.
std::string join_names(const std::vector<std::string>& names, const char* separator,
                       const char* last) {
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() ? last : separator;
        out += names[i];
    }
    return out;
}

core::TemplateValues template_values(const PythonInstall& install,
                                     const std::string& requirements) {
    return {
        {"architecture", install.architecture},
        {"linux-tag", install.linux_tag},
        {"python-executable", "${APPDIR}/usr/bin/python" + install.version},
        {"python-fullversion", install.full_version},
        {"python-tag", install.tag},
        {"python-version", install.version},
        {"requirements", requirements},
    };
}

// python-appimage's {{ requirements }}: the requirements' names (a path's last part), sorted,
// as "a, b and c".
std::string requirements_summary(const Recipe& recipe) {
    if (!recipe.requirements) return "";
    auto text = os::read_file(*recipe.requirements, 1 << 20);
    auto entries = text ? core::parse_requirements(*text) : core::Error{text.message()};
    if (!entries) return "";  // reported when the requirements are installed
    std::vector<std::string> names;
    for (const auto& entry : *entries) {
        if (entry.kind == core::RequirementKind::option) continue;
        std::string name =
            entry.kind == core::RequirementKind::local_module ? "local+" + entry.text : entry.text;
        names.push_back(name.substr(name.rfind('/') + 1));
    }
    std::sort(names.begin(), names.end());
    return join_names(names, ", ", " and ");
}

}  // namespace

int python_main(int argc, char** argv, const Settings& settings) {
    auto options = parse_python_options(argc, argv);
    if (!options) {
        say("python: " + options.message() + " (see mkappimage python --help)");
        return kExitUsage;
    }
    if (options->build.help) {
        std::fputs(python_usage_text().c_str(), stdout);
        return 0;
    }
    auto recipe = read_recipe(options->build.appdir, options->desktop, options->icon);
    if (!recipe) return fail(recipe.message());
    auto apprun = locate_installed(options->apprun, "AppRun", SQUASHRUN_BUILD_APPRUN, "--apprun");
    if (!apprun) return fail(apprun.message());
    auto work = os::TempDir::create(settings.temp_root, "mkappimage-python.");
    if (!work) return fail(work.message());
    RemoveOnInterrupt work_guard(work->path(), true);
    std::string appdir = work->path() + "/AppDir";
    auto interpreter = options->base_image.empty()
                           ? choose_interpreter(options->python)
                           : base_image_interpreter(*options, appdir, work->path(), settings);
    if (!interpreter) return fail(interpreter.message());
    auto install = probe_python(*interpreter, settings);
    if (!install) return fail(install.message());
    say("python: " + (options->base_image.empty() ? *interpreter : options->base_image) +
        " (Python " + install->full_version + ", " + install->executable +
        (options->python.empty() && options->base_image.empty() ? "; --python chooses another"
                                                                : "") +
        ")");
    BundleLayout layout = bundle_layout(*install);
    if (options->base_image.empty()) {
        auto stdlib_bytes = bundle_interpreter(*install, appdir, *apprun, options->keep);
        if (!stdlib_bytes) return fail(stdlib_bytes.message());
    } else {
        // The base image's interpreter, standard library and site directory stay where they are.
        std::string base = install->executable.substr(appdir.size() + 1);
        std::string prefix = base.substr(0, base.find("/bin/"));
        // Its prefix is found from the interpreter's own path: sys.executable is that one.
        layout = {base, "usr/bin/python" + install->version, prefix + "/" + install->site, base,
                  prefix + "/lib"};
        if (auto st = install_apprun(appdir, layout, *apprun); !st) return fail(st.message());
    }
    auto values = template_values(*install, requirements_summary(*recipe));
    if (auto st = place_desktop_files(*recipe, appdir, values); !st) return fail(st.message());
    auto command = place_entrypoint(*recipe, appdir, values);
    if (!command) return fail(command.message());

    if ((recipe->requirements || recipe->project) && !install->has_pip) {
        return fail(*interpreter + ": has no pip to install the requirements with (Debian: " +
                    "apt-get install python3-pip)");
    }
    PipRequest pip{*recipe, *interpreter,      install->version, appdir,
                   layout,  options->pip_args, work->path()};
    auto installed = install_requirements(pip, settings);
    if (!installed) return fail(installed.message());
    for (const auto& extra : options->extra_data) {
        std::string name = extra.substr(extra.find_last_not_of('/') == std::string::npos
                                            ? 0
                                            : extra.rfind('/', extra.find_last_not_of('/')) + 1);
        while (!name.empty() && name.back() == '/')
            name.pop_back();
        auto copied = os::copy_tree(extra, os::join_path(appdir, name));
        if (!copied) return fail("--extra-data " + extra + ": " + copied.message());
    }
    // Compiled once here, checked by hash never: the payload is read-only.
    std::string site = os::join_path(appdir, layout.site);
    auto compiled = run_program({*interpreter, "-I", "-m", "compileall", "-q",
                                 "--invalidation-mode", "unchecked-hash", site},
                                settings.tool_environment);
    if (compiled.exit_code != 0)
        return fail(site + ": compileall failed: " + last_line(compiled.output));
    auto libraries = bundle_shared_libraries(appdir, layout, *install, settings);
    if (!libraries) return fail(libraries.message());
    // The CA bundle, for hosts without one of their own (AppRun prefers the host's).
    const std::string ca = "/etc/ssl/certs/ca-certificates.crt";
    if (::access(ca.c_str(), R_OK) == 0) {
        ::mkdir((appdir + "/etc").c_str(), 0755);
        ::mkdir((appdir + "/etc/ssl").c_str(), 0755);
        ::mkdir((appdir + "/etc/ssl/certs").c_str(), 0755);
        if (auto st = os::copy_file(ca, appdir + ca); !st) return fail(st.message());
    }
    core::PythonBundle bundle{"${APPDIR}/" + layout.interpreter,
                              "${APPDIR}/" + layout.argv0,
                              {"python3", "python" + install->version},
                              libraries->loader,
                              libraries->library_path};
    core::BundleEntry entry{*command, "${APPDIR}/entrypoint.sh"};
    if (auto st = os::replace_file(appdir + "/apprun.conf",
                                   core::python_apprun_config(bundle, entry), 0644);
        !st) {
        return fail(st.message());
    }
    std::string what = *command ? "runs without a shell" : "runs entrypoint.sh with bash";
    say("bundled: Python " + install->version + " with its standard library, " +
        std::to_string(libraries->count) + " shared libraries and the loader; " +
        (installed->empty() ? std::string("no requirements")
                            : "requirements: " + join_names(*installed, " ", " ")) +
        "; the entry point " + what);
    report_sizes(appdir, layout, *install);
    Options build = options->build;
    build.appdir = appdir;
    ::chmod(appdir.c_str(), 0755);
    return build_appimage(build, settings);
}

}  // namespace squashrun::mkappimage
