// pip install --target into the site directory, run from the recipe's directory so that its
// relative paths mean what they mean there; local projects are built from copies, so that
// nothing is written into the user's tree.
#include "python_pip.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "../process.hpp"
#include "core/python/requirements.hpp"
#include "os/copy_tree.hpp"
#include "os/files.hpp"
#include "os/fs_ops.hpp"
#include "os/replace_file.hpp"

namespace squashrun::mkappimage {
namespace {

// What a build leaves in a project directory, not copied.
bool in_project_copy(const std::string& relative, bool directory) {
    std::string name = relative.substr(relative.rfind('/') + 1);
    if (!directory) return true;
    return name != "build" && name != "dist" && name != ".git" && name != "__pycache__" &&
           !name.ends_with(".egg-info");
}

std::string absolute(const std::string& path, const std::string& base) {
    return path.starts_with('/') ? path : base + "/" + path;
}

bool is_directory(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// local+NAME: where the build host's Python finds NAME, copied into the site directory.
core::Result<std::string> copy_local_module(const PipRequest& request, const std::string& name,
                                            const std::string& where, const Settings& settings) {
    // The whole top-level package, so that NAME imports as it does on the build host.
    std::string top = name.substr(0, name.find('.'));
    auto found = run_program({request.python, "-c",
                              "import importlib.util, sys\n"
                              "spec = importlib.util.find_spec(sys.argv[1])\n"
                              "print(spec.origin if spec and spec.origin else '')\n",
                              top},
                             settings.tool_environment, request.recipe.dir);
    std::string origin = last_line(found.output);
    if (found.exit_code != 0 || !origin.starts_with('/')) {
        return core::make_error(where + ": local+" + name +
                                ": the build host's Python has no module " + top);
    }
    std::string site = os::join_path(request.appdir, request.layout.site);
    if (origin.ends_with("/__init__.py")) {
        std::string source = origin.substr(0, origin.rfind('/'));
        auto copied = os::copy_tree(source, os::join_path(site, top));
        if (!copied) return copied.error();
    } else {
        auto copied =
            os::copy_file(origin, os::join_path(site, origin.substr(origin.rfind('/') + 1)));
        if (!copied) return copied.error();
    }
    return top;
}

// Console scripts from pip's bin directory to usr/bin, their first line made to start the
// bundled interpreter (AppRun's multi-call name next to them) in place of the build host's.
core::Status move_console_scripts(const PipRequest& request) {
    std::string bin = os::join_path(os::join_path(request.appdir, request.layout.site), "bin");
    std::string target_dir = os::join_path(request.appdir, "usr/bin");
    const std::string python_name = "python" + request.version;
    for (const auto& name : os::list_directory(bin)) {
        std::string path = os::join_path(bin, name);
        auto text = os::read_file(path, 1 << 20, false);
        if (!text) continue;
        std::string content = *text;
        if (content.starts_with("#!") &&
            content.substr(0, content.find('\n')).find("python") != std::string::npos) {
            // A shell line that Python reads as a string: sh runs the interpreter, Python
            // skips it.
            std::string body = content.substr(content.find('\n') + 1);
            content = "#!/bin/sh\n'''exec' \"$(dirname -- \"$0\")/";
            content.append(python_name).append("\" \"$0\" \"$@\"\n' '''\n").append(body);
        }
        std::string target = os::join_path(target_dir, name);
        if (auto st = os::replace_file(target, content, 0755); !st) return st;
    }
    os::remove_tree(bin);
    return {};
}

}  // namespace

core::Result<std::vector<std::string>> install_requirements(const PipRequest& request,
                                                            const Settings& settings) {
    std::vector<core::Requirement> entries;
    std::string where = request.recipe.dir + "/requirements.txt";
    if (request.recipe.requirements) {
        auto text = os::read_file(*request.recipe.requirements, 1 << 20);
        if (!text) return text.error();
        auto parsed = core::parse_requirements(*text);
        if (!parsed) return core::make_error(where + ": " + parsed.message());
        entries = std::move(*parsed);
    }
    if (request.recipe.project)
        entries.push_back({core::RequirementKind::local_path, request.recipe.dir, 0});
    std::vector<std::string> installed;
    std::string lines;
    bool any_for_pip = false;
    for (const auto& entry : entries) {
        std::string at = where + ":" + std::to_string(entry.line);
        switch (entry.kind) {
            case core::RequirementKind::local_module: {
                auto name = copy_local_module(request, entry.text, at, settings);
                if (!name) return name.error();
                installed.push_back(*name);
                continue;
            }
            case core::RequirementKind::local_path: {
                std::string path = absolute(entry.text, request.recipe.dir);
                if (is_directory(path)) {
                    std::string copy = os::join_path(
                        request.work, "src-" + std::to_string(installed.size() + lines.size()));
                    auto copied = os::copy_tree(path, copy, in_project_copy);
                    if (!copied) return copied.error();
                    path = copy;
                }
                lines += path + "\n";
                any_for_pip = true;
                continue;
            }
            case core::RequirementKind::option:
                lines += entry.text + "\n";
                continue;
            case core::RequirementKind::package:
                lines += entry.text + "\n";
                any_for_pip = true;
                continue;
        }
    }
    if (!any_for_pip) return installed;
    std::string requirements = os::join_path(request.work, "requirements.txt");
    if (auto st = os::replace_file(requirements, lines); !st) return st.error();
    std::string site = os::join_path(request.appdir, request.layout.site);
    std::vector<std::string> argv = {request.python, "-m", "pip", "install",
                                     "--no-warn-script-location", "--disable-pip-version-check",
                                     "--no-cache-dir",
                                     // the build host's setuptools and wheel, not a download
                                     "--no-build-isolation", "--target", site};
    argv.insert(argv.end(), request.pip_args.begin(), request.pip_args.end());
    argv.insert(argv.end(), {"-r", requirements});
    auto pip = run_program(argv, settings.tool_environment, request.recipe.dir);
    if (pip.exit_code != 0) {
        std::string what = request.recipe.requirements ? where : request.recipe.dir;
        return core::make_error(what + ": pip install failed: " + last_line(pip.output));
    }
    for (const auto& name : os::list_directory(site)) {
        if (name.ends_with(".dist-info")) installed.push_back(name.substr(0, name.size() - 10));
    }
    if (auto st = move_console_scripts(request); !st) return st.error();
    std::sort(installed.begin(), installed.end());
    return installed;
}

}  // namespace squashrun::mkappimage
