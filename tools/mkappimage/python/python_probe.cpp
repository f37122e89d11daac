// The probe: a few lines of Python printing KEY=VALUE, run with -I so that nothing of the
// user's environment changes the answers.
#include "python_probe.hpp"

#include <map>

#include "../process.hpp"
#include "core/text/text.hpp"

namespace squashrun::mkappimage {
namespace {

constexpr const char* kProbe = R"(import os, platform, site, sys, sysconfig
import importlib.util
v = sys.version_info
print("executable=" + os.path.realpath(sys.executable))
print("version=%d.%d" % v[:2])
print("full_version=%d.%d.%d" % v[:3])
tag = "cp%d%d" % v[:2]
print("tag=%s-%s%s" % (tag, tag, "m" if v < (3, 8) else ""))
libc = os.confstr("CS_GNU_LIBC_VERSION").split()[-1].split(".")
print("linux_tag=manylinux_%s_%s_%s" % (libc[0], libc[1], platform.machine()))
print("architecture=" + platform.machine())
print("stdlib=" + os.path.realpath(sysconfig.get_paths()["stdlib"]))
base = sys.base_prefix.rstrip("/")
sites = [p for p in site.getsitepackages([base]) if p.startswith(base + "/")]
print("site=" + (sites[0][len(base) + 1:] if sites else ""))
print("pip=%d" % (importlib.util.find_spec("pip") is not None))
)";

}  // namespace

core::Result<PythonInstall> probe_python(const std::string& interpreter, const Settings& settings) {
    auto result = run_program({interpreter, "-I", "-c", kProbe}, settings.tool_environment);
    if (result.exit_code != 0) {
        return core::make_error(interpreter + ": not a working Python 3 interpreter (" +
                                first_line_with(result.output, "rror") + ")");
    }
    std::map<std::string, std::string> answers;
    std::string_view text = result.output;
    while (!text.empty()) {
        std::string_view line = core::take_line(text);
        size_t equals = line.find('=');
        if (equals != std::string_view::npos)
            answers[std::string(line.substr(0, equals))] = std::string(line.substr(equals + 1));
    }
    PythonInstall out;
    out.executable = answers["executable"];
    out.version = answers["version"];
    out.full_version = answers["full_version"];
    out.tag = answers["tag"];
    out.linux_tag = answers["linux_tag"];
    out.architecture = answers["architecture"];
    out.stdlib = answers["stdlib"];
    out.site = answers["site"];
    out.has_pip = answers["pip"] == "1";
    if (out.executable.empty() || out.stdlib.empty() || !out.version.starts_with("3.")) {
        return core::make_error(interpreter + ": not a Python 3 interpreter");
    }
    if (out.site.empty()) out.site = "lib/python" + out.version + "/site-packages";
    return out;
}

}  // namespace squashrun::mkappimage
