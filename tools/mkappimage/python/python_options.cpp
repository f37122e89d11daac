// `mkappimage python` options: its own are taken out, the rest go to the plain parser.
#include "python_options.hpp"

namespace squashrun::mkappimage {

std::string python_usage_text() {
    return "Usage: mkappimage python [OPTIONS] RECIPE [OUTPUT]\n"
           "\n"
           "Builds a Python app from a python-appimage recipe (a directory with\n"
           "entrypoint.sh, requirements.txt, NAME.desktop, the icon and NAME.appdata.xml) or\n"
           "from a Python project (pyproject.toml with [project.scripts], and --desktop and\n"
           "--icon), bundling an interpreter, its standard library, the requirements and\n"
           "every shared library they load.\n"
           "\n"
           "Options:\n"
           "  --python PATH            the interpreter to bundle (default /usr/bin/python3),\n"
           "                           or the prefix of a relocatable Python installation\n"
           "  --base-image FILE        build on a Python AppImage (python-appimage's layout)\n"
           "  -x, --extra-data PATH    copy PATH (a file or directory) under $APPDIR\n"
           "  --find-links DIR         pip: look for packages in DIR\n"
           "  --no-index               pip: do not use a package index\n"
           "  --pip-arg ARG            pass ARG to pip install (repeatable)\n"
           "  --with NAME              keep a standard library part that is left out by\n"
           "                           default: tkinter, idlelib, turtledemo, ensurepip,\n"
           "                           lib2to3, test\n"
           "  --desktop FILE, --icon FILE  the desktop file and icon of a Python project\n"
           "  --apprun FILE            the AppRun to use instead of the installed one\n"
           "and every option of the plain build (--comp, --block-size, --exclude,\n"
           "--runtime, -u, --sign; see mkappimage --help).\n";
}

core::Result<PythonOptions> parse_python_options(int argc, char** argv) {
    PythonOptions o;
    std::vector<std::string> rest = {"mkappimage"};
    for (int i = 1; i < argc; ++i) {
        auto [arg, inline_value] = split_inline_value(argv[i]);
        auto take = [&](std::string& into) -> core::Status {
            if (inline_value) {
                into = *inline_value;
            } else if (i + 1 < argc) {
                into = argv[++i];
            } else {
                return core::make_error(arg + " needs a value");
            }
            return {};
        };
        std::string taken;
        core::Status status;
        if (arg == "--python") {
            status = take(o.python);
        } else if (arg == "--base-image") {
            status = take(o.base_image);
        } else if (arg == "-x" || arg == "--extra-data") {
            if ((status = take(taken))) o.extra_data.push_back(taken);
        } else if (arg == "--find-links") {
            if ((status = take(taken)))
                o.pip_args.insert(o.pip_args.end(), {"--find-links", taken});
        } else if (arg == "--no-index") {
            o.pip_args.emplace_back("--no-index");
        } else if (arg == "--pip-arg") {
            if ((status = take(taken))) o.pip_args.push_back(taken);
        } else if (arg == "--with") {
            if ((status = take(taken))) o.keep.push_back(taken);
        } else if (arg == "--desktop") {
            status = take(o.desktop);
        } else if (arg == "--icon") {
            status = take(o.icon);
        } else if (arg == "--apprun") {
            status = take(o.apprun);
        } else if (arg == "--payload" || arg == "--generate-key") {
            return core::make_error(arg + " does not apply to mkappimage python");
        } else {
            rest.push_back(argv[i]);
        }
        if (!status) return status.error();
    }
    if (!o.python.empty() && !o.base_image.empty())
        return core::make_error("give --python or --base-image, not both");
    std::vector<char*> pointers;
    pointers.reserve(rest.size());
    for (auto& s : rest)
        pointers.push_back(s.data());
    auto build = parse_options(static_cast<int>(pointers.size()), pointers.data());
    if (!build) {
        std::string message = build.message();
        if (message == "expected APPDIR [OUTPUT]") message = "expected RECIPE [OUTPUT]";
        return core::make_error(message);
    }
    o.build = std::move(*build);
    return o;
}

}  // namespace squashrun::mkappimage
