// The two desktop commands: options, refusals, staging and committing the files, stale
// entries, cache refreshes and the configured hooks.
#include "desktop_install.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <optional>

#include "core/desktop/integration.hpp"
#include "core/desktop/search.hpp"
#include "core/format/byte_source.hpp"
#include "core/format/elf.hpp"
#include "core/format/sections.hpp"
#include "core/sign/header.hpp"
#include "desktop_resources.hpp"
#include "os/directory_tree.hpp"
#include "os/executable.hpp"
#include "os/files.hpp"
#include "os/fs_ops.hpp"
#include "os/spawn.hpp"
#include "os/staged_files.hpp"
#include "os/unique_fd.hpp"

namespace squashrun::apprun {
namespace {

// The directories under $XDG_DATA_HOME where integrated files other than the entry go (icons
// recursively).
constexpr std::array<const char*, 3> kResourceDirs = {"icons", "mime/packages", "metainfo"};
// Files the cache tools write into directories of ours; such a directory holding nothing else
// is ours to remove at uninstall.
constexpr std::array<const char*, 2> kCacheFiles = {"mimeinfo.cache", "icon-theme.cache"};

int refuse(const std::string& message) {
    std::string line = "AppRun: " + message + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
    return kDesktopRefused;
}

void warn(const std::string& message) {
    std::string line = "AppRun: warning: " + message + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
}

void print_path(const std::string& path) {
    std::string line = path + "\n";
    std::fwrite(line.data(), 1, line.size(), stdout);
}

struct Flags {
    bool dry_run = false;
    bool force = false;
    bool move = false;
    bool copy = false;
    std::vector<std::string> operands;
};

core::Result<Flags> parse_flags(const std::vector<std::string>& args, bool install) {
    Flags flags;
    for (const auto& arg : args) {
        if (arg == "--dry-run") {
            flags.dry_run = true;
        } else if (install && arg == "--force") {
            flags.force = true;
        } else if (install && arg == "--move") {
            flags.move = true;
        } else if (install && arg == "--copy") {
            flags.copy = true;
        } else if (arg.starts_with("--")) {
            return core::make_error("unknown option " + arg);
        } else {
            flags.operands.push_back(arg);
        }
    }
    if (flags.move && flags.copy) return core::make_error("give --move or --copy, not both");
    if (install && !flags.operands.empty())
        return core::make_error("unexpected argument " + flags.operands.front());
    if (flags.operands.size() > 1) return core::make_error("give at most one AppImage path");
    return flags;
}

std::optional<std::string> host_value(const core::Environment& host, const char* name) {
    auto it = host.find(name);
    if (it == host.end() || it->second.empty()) return std::nullopt;
    return it->second;
}

core::Result<std::string> data_home(const core::Environment& host) {
    if (auto xdg = host_value(host, "XDG_DATA_HOME"); xdg && xdg->front() == '/') return *xdg;
    auto home = host_value(host, "HOME");
    if (!home || home->front() != '/')
        return core::make_error("neither XDG_DATA_HOME nor HOME is an absolute path");
    return *home + "/.local/share";
}

bool exists(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

std::string absolute(const std::string& path, const std::string& base) {
    return path.starts_with('/') ? path : base + "/" + path;
}

// A signed AppImage of ours has a non-zero .squashrun_sig section.
core::Result<bool> is_signed(const std::string& appimage) {
    os::UniqueFd fd(::open(appimage.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (!fd || ::fstat(fd.get(), &st) != 0)
        return core::make_error(appimage + ": " + std::strerror(errno));
    core::FileSource source(fd.get(), static_cast<uint64_t>(st.st_size));
    auto elf = core::parse_elf(source);
    if (!elf) return core::make_error(appimage + ": " + elf.message());
    if (elf->find_section(core::kSignedHeaderSection) == nullptr) return false;
    auto text = core::read_section_text(source, *elf, core::kSignedHeaderSection);
    if (!text) return core::make_error(appimage + ": " + text.message());
    return !text->empty();
}

// The last non-empty line of a program's output.
std::string last_line(const std::string& output) {
    std::string_view text = output;
    while (!text.empty() && text.back() == '\n')
        text.remove_suffix(1);
    size_t newline = text.rfind('\n');
    return std::string(newline == std::string_view::npos ? text : text.substr(newline + 1));
}

// The whole file checked by its runtime (header, every chunk), when it is signed.
core::Status check_signature(const std::string& appimage, const core::Environment& host) {
    auto signed_file = is_signed(appimage);
    if (!signed_file) return signed_file.error();
    if (!*signed_file) return {};
    os::ProcessSpec spec;
    spec.program = appimage;
    spec.argv = {appimage, "--appimage-verify"};
    spec.env = core::environment_entries(host);
    spec.out = os::Stdio::capture();
    spec.err = os::Stdio::capture();
    auto result = os::run(spec);
    if (!result) return result.error();
    if (!result->status.succeeded())
        return core::make_error("fails its signature check: " + last_line(result->output));
    return {};
}

// Runs `tool` from the host's PATH with the host's environment, when the host has it.
void refresh_cache(const char* tool, std::vector<std::string> args, const core::Environment& host) {
    std::string search = host_value(host, "PATH").value_or(os::kDefaultPath);
    auto program = os::find_executable(tool, search);
    if (!program) return;
    os::ProcessSpec spec;
    spec.program = *program;
    spec.argv = std::move(args);
    spec.argv.insert(spec.argv.begin(), tool);
    spec.env = core::environment_entries(host);
    spec.in = os::Stdio::null();
    spec.out = os::Stdio::capture();
    spec.err = os::Stdio::capture();
    auto result = os::run(spec);
    if (!result) {
        warn(result.message());
    } else if (!result->status.succeeded()) {
        warn(std::string(tool) + " ended with " + result->status.describe() + ": " +
             last_line(result->output));
    }
}

void refresh_caches(const std::string& home, bool mime, const core::Environment& host) {
    if (exists(home + "/applications"))
        refresh_cache("update-desktop-database", {"-q", home + "/applications"}, host);
    if (mime && exists(home + "/mime"))
        refresh_cache("update-mime-database", {home + "/mime"}, host);
    // Only a cache that exists goes stale; GTK finds icons without one.
    if (exists(home + "/icons/hicolor/icon-theme.cache")) {
        refresh_cache("gtk-update-icon-cache", {"-q", "-t", "-f", home + "/icons/hicolor"}, host);
    }
}

// A configured after-install or before-uninstall program, with the host's environment and
// the paths as its arguments.
core::Status run_hook(const char* key, const std::optional<std::string>& program,
                      const std::vector<std::string>& paths, const DesktopRequest& request) {
    if (!program) return {};
    os::ProcessSpec spec;
    spec.program = core::expand(*program, request.context);
    spec.argv = {spec.program};
    spec.argv.insert(spec.argv.end(), paths.begin(), paths.end());
    spec.env = core::environment_entries(request.host);
    auto result = os::run(spec);
    if (!result) return core::make_error(std::string(key) + ": " + result.message());
    if (!result->status.succeeded()) {
        return core::make_error(std::string(key) + " program " + spec.program + " ended with " +
                                result->status.describe());
    }
    return {};
}

// Every file under `dir` (recursively, symlinks not followed) whose name starts with `prefix`.
void find_prefixed(const std::string& dir, const std::string& prefix,
                   std::vector<std::string>& out) {
    for (const auto& name : os::list_directory(dir)) {
        std::string path = os::join_path(dir, name);
        struct stat st {};
        if (::lstat(path.c_str(), &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            find_prefixed(path, prefix, out);
        } else if (name.starts_with(prefix)) {
            out.push_back(path);
        }
    }
}

struct Installed {
    std::string id;
    std::vector<std::string> files;         // absolute, the entry first
    std::vector<std::string> created_dirs;  // relative, as recorded in the entry
    std::optional<core::DesktopFile> entry;
};

// What is integrated under `home` for the AppImage of `id`.
Installed installed_files(const std::string& home, const std::string& id) {
    Installed found{id, {}, {}, std::nullopt};
    std::string prefix = core::integration_prefix(id);
    std::vector<std::string> entries;
    find_prefixed(home + "/applications", prefix + "-", entries);
    for (const auto& path : entries) {
        if (!path.ends_with(".desktop")) continue;
        auto text = os::read_file(path, 1 << 20, false);
        auto entry = text ? core::parse_desktop_file(*text) : core::Error{text.message()};
        if (!entry) continue;
        for (auto& dir : core::recorded_created_dirs(*entry)) {
            if (std::find(found.created_dirs.begin(), found.created_dirs.end(), dir) ==
                found.created_dirs.end()) {
                found.created_dirs.push_back(std::move(dir));
            }
        }
        if (!found.entry) found.entry = std::move(*entry);
    }
    found.files = std::move(entries);
    for (const char* dir : kResourceDirs)
        find_prefixed(os::join_path(home, dir), prefix + "_", found.files);
    return found;
}

// Entries of the app whose desktop file is `source_name`, other than `own_id`'s, whose
// TryExec file is gone: the app was moved or deleted since it was installed.
std::vector<std::string> stale_ids(const std::string& home, const std::string& source_name,
                                   const std::string& own_id) {
    std::vector<std::string> ids;
    const std::string vendor = "appimagekit_";
    const std::string applications = home + "/applications";
    for (const auto& name : os::list_directory(applications)) {
        if (!name.starts_with(vendor) || !name.ends_with(".desktop")) continue;
        auto text = os::read_file(os::join_path(applications, name), 1 << 20, false);
        if (!text) continue;
        auto entry = core::parse_desktop_file(*text);
        if (!entry) continue;
        auto id = entry->entry("X-AppImage-Identifier");
        auto source = entry->entry(core::kSourceDesktopKey);
        auto try_exec = entry->entry("TryExec");
        if (!id || *id == own_id || !source || *source != source_name || !try_exec) continue;
        if (try_exec->starts_with('/') && !exists(*try_exec)) ids.push_back(*id);
    }
    return ids;
}

bool only_caches_in(const std::string& dir) {
    auto names = os::list_directory(dir);
    return std::all_of(names.begin(), names.end(), [](const std::string& name) {
        return std::find(kCacheFiles.begin(), kCacheFiles.end(), name) != kCacheFiles.end();
    });
}

// Removes the directories installing created, deepest first, where nothing but the caches is
// left; a mime/ tree of ours goes whole once its packages are gone, since all the rest of it
// is generated from them.
void remove_created_dirs(const std::string& home, std::vector<std::string> dirs) {
    std::sort(dirs.begin(), dirs.end(), [](const std::string& a, const std::string& b) {
        return std::count(a.begin(), a.end(), '/') > std::count(b.begin(), b.end(), '/');
    });
    for (const auto& dir : dirs) {
        std::string path = os::join_path(home, dir);
        if (dir == "mime") {
            if (os::list_directory(path + "/packages").empty()) os::remove_tree(path);
            continue;
        }
        if (!only_caches_in(path)) continue;
        for (const char* cache : kCacheFiles)
            ::unlink((path + "/" + cache).c_str());
        ::rmdir(path.c_str());
    }
}

void remove_installed(const Installed& installed) {
    for (const auto& file : installed.files)
        ::unlink(file.c_str());
}

bool has_mime_package(const Installed& installed) {
    return std::any_of(installed.files.begin(), installed.files.end(),
                       [](const std::string& f) { return f.find("/mime/packages/") != f.npos; });
}

// Copies or moves the AppImage into ~/Applications; returns its new path.
core::Result<std::string> place_in_applications(const std::string& appimage, const Flags& flags,
                                                const core::Environment& host) {
    auto home = host_value(host, "HOME");
    if (!home || home->front() != '/') return core::make_error("HOME is not an absolute path");
    std::string dir = *home + "/Applications";
    std::string target = dir + "/" + appimage.substr(appimage.rfind('/') + 1);
    if (target == appimage) return target;
    if (exists(target) && !flags.force)
        return core::make_error(target + " already exists; --force replaces it");
    if (flags.dry_run) return target;
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
        return core::make_error(dir + ": " + std::strerror(errno));
    if (flags.move && ::rename(appimage.c_str(), target.c_str()) == 0) return target;
    if (flags.move && errno != EXDEV)
        return core::make_error("cannot move " + appimage + ": " + std::strerror(errno));
    auto content = os::read_file(appimage);
    if (!content) return content.error();
    os::StagedFiles staged(dir);
    std::string name = target.substr(dir.size() + 1);
    if (auto st = staged.add(name, *content, 0755); !st) return st.error();
    if (auto st = staged.commit(); !st) return st.error();
    if (flags.move && ::unlink(appimage.c_str()) != 0)
        warn("copied, but cannot remove " + appimage + ": " + std::strerror(errno));
    return target;
}

// SIGINT, SIGTERM, SIGHUP and SIGQUIT wait while the files are staged and committed: one that
// came before the commit cancels the install (nothing is left), one that comes after takes
// effect once everything is in place.
class DeferredSignals {
  public:
    DeferredSignals() {
        sigset_t set;
        sigemptyset(&set);
        for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT})
            sigaddset(&set, s);
        sigprocmask(SIG_BLOCK, &set, &old_);
    }
    DeferredSignals(const DeferredSignals&) = delete;
    DeferredSignals& operator=(const DeferredSignals&) = delete;
    ~DeferredSignals() { sigprocmask(SIG_SETMASK, &old_, nullptr); }

    bool pending() const {
        sigset_t set;
        sigpending(&set);
        return sigismember(&set, SIGINT) == 1 || sigismember(&set, SIGTERM) == 1 ||
               sigismember(&set, SIGHUP) == 1 || sigismember(&set, SIGQUIT) == 1;
    }

  private:
    sigset_t old_{};
};

struct IntegrationFiles {
    const std::string& home;
    const std::string& appimage;
    const std::string& id;
    const AppDirResources& resources;
    const std::vector<std::string>& created_before;  // recorded by earlier installs
};

// Stages the resources and the entry and commits them, or with `dry_run` only names them.
// Returns the absolute paths, the entry first; errors are whole messages.
core::Result<std::vector<std::string>> write_integration(const IntegrationFiles& in, bool dry_run) {
    DeferredSignals signals;  // until the files are in place, not while tools and hooks run
    os::StagedFiles staged(in.home);
    auto failed = [&](const core::Status& st) {
        return core::make_error("cannot install " + in.appimage + ": " + st.message() +
                                "; nothing was installed");
    };
    std::vector<std::string> targets;  // relative to home
    for (const auto& file : in.resources.files)
        targets.push_back(file.dir + "/" + core::integrated_file_name(in.id, file.name));
    for (size_t i = 0; i < targets.size() && !dry_run; ++i) {
        if (auto st = staged.add(targets[i], in.resources.files[i].content, 0644); !st)
            return failed(st);
    }
    if (!dry_run) {
        if (auto st = staged.make_dirs("applications"); !st) return failed(st);
    }
    core::EntryRequest request{in.appimage, in.id, in.resources.desktop_name, in.created_before};
    request.created_dirs.insert(request.created_dirs.end(), staged.created_dirs().begin(),
                                staged.created_dirs().end());
    auto entry = core::integrate_desktop_entry(in.resources.desktop, request);
    if (!entry) return core::make_error(in.resources.desktop_name + ": " + entry.message());
    std::string entry_path = "applications/" + entry->file_name;
    std::vector<std::string> written = {os::join_path(in.home, entry_path)};
    for (const auto& target : targets)
        written.push_back(os::join_path(in.home, target));
    if (dry_run) return written;
    if (auto st = staged.add(entry_path, entry->text, 0644); !st) return failed(st);
    if (signals.pending()) return core::make_error("interrupted; nothing was installed");
    if (auto st = staged.commit(); !st) return failed(st);
    return written;
}

std::string owd_of(const DesktopRequest& request) {
    if (!request.context.owd.empty()) return request.context.owd;
    char cwd[PATH_MAX];
    return ::getcwd(cwd, sizeof cwd) != nullptr ? cwd : "/";
}

}  // namespace

int install_desktop(const DesktopRequest& request) {
    auto flags = parse_flags(request.args, true);
    if (!flags) {
        refuse(request.config.install_option + ": " + flags.message());
        return kDesktopUsage;
    }
    if (request.appimage.empty() || request.appimage.front() != '/')
        return refuse(request.config.install_option +
                      ": not started from an AppImage ($APPIMAGE is not set)");
    auto home = data_home(request.host);
    if (!home) return refuse(request.config.install_option + ": " + home.message());
    if (exists(*home + "/appimagekit/no_desktopintegration")) {
        return refuse("not installing " + request.appimage + ": " + *home +
                      "/appimagekit/no_desktopintegration exists");
    }
    auto resources = read_appdir_resources(request.appdir);
    if (!resources) return refuse(resources.message());
    if (auto why = core::integration_refusal(resources->desktop))
        return refuse("not installing " + request.appimage + ": " + *why);
    if (auto st = check_signature(request.appimage, request.host); !st)
        return refuse("not installing " + request.appimage + ": " + st.message());
    std::string appimage = request.appimage;
    if (flags->move || flags->copy) {
        auto placed = place_in_applications(appimage, *flags, request.host);
        if (!placed) return refuse(placed.message());
        if (flags->dry_run && *placed != appimage) print_path(*placed);
        appimage = *placed;
    }
    std::string id = core::appimage_identifier(appimage);
    for (const auto& warning : resources->warnings)
        warn(warning);
    // A new account may have no ~/.local/share yet; it is the user's, not recorded as ours.
    if (!flags->dry_run) {
        if (auto st = os::make_directories("", *home); !st) return refuse(st.message());
    }
    Installed before = installed_files(*home, id);

    std::vector<Installed> stale;
    for (const auto& stale_id : stale_ids(*home, resources->desktop_name, id))
        stale.push_back(installed_files(*home, stale_id));
    // The directories that earlier installs of this app created stay recorded.
    std::vector<std::string> created = before.created_dirs;
    for (const auto& old : stale)
        created.insert(created.end(), old.created_dirs.begin(), old.created_dirs.end());
    auto written = write_integration({*home, appimage, id, *resources, created}, flags->dry_run);
    if (!written) return refuse(written.message());
    if (flags->dry_run) {
        for (const auto& path : *written)
            print_path(path);
        return 0;
    }
    // Files of an earlier install that this one did not write again (an icon since removed
    // from the AppDir, an entry under an older Name).
    for (const auto& old : before.files) {
        if (std::find(written->begin(), written->end(), old) == written->end())
            ::unlink(old.c_str());
    }
    bool mime = resources->has_mime || has_mime_package(before);
    for (const auto& old : stale) {
        remove_installed(old);
        mime = mime || has_mime_package(old);
    }
    for (const auto& path : *written)
        print_path(path);
    std::fflush(stdout);
    refresh_caches(*home, mime, request.host);
    if (auto st = run_hook("after-install", request.config.after_install, *written, request); !st)
        return refuse(st.message());
    return 0;
}

int uninstall_desktop(const DesktopRequest& request) {
    auto flags = parse_flags(request.args, false);
    if (!flags) {
        refuse(request.config.uninstall_option + ": " + flags.message());
        return kDesktopUsage;
    }
    std::string appimage = flags->operands.empty()
                               ? request.appimage
                               : absolute(flags->operands.front(), owd_of(request));
    if (appimage.empty() || appimage.front() != '/') {
        return refuse(request.config.uninstall_option +
                      ": not started from an AppImage ($APPIMAGE is not set); give its path");
    }
    auto home = data_home(request.host);
    if (!home) return refuse(request.config.uninstall_option + ": " + home.message());
    std::vector<Installed> targets = {installed_files(*home, core::appimage_identifier(appimage))};
    // Run from a copy: also the entries the same app left behind when it was moved or deleted.
    if (flags->operands.empty()) {
        os::DirectoryTree tree(request.appdir);
        if (auto name = core::find_desktop_file(tree)) {
            for (const auto& stale : stale_ids(*home, *name, targets.front().id))
                targets.push_back(installed_files(*home, stale));
        }
    }
    std::vector<std::string> removed;
    std::vector<std::string> created;
    bool mime = false;
    for (const auto& target : targets) {
        removed.insert(removed.end(), target.files.begin(), target.files.end());
        created.insert(created.end(), target.created_dirs.begin(), target.created_dirs.end());
        mime = mime || has_mime_package(target);
    }
    if (removed.empty()) {
        warn("nothing is installed for " + appimage);
        return 0;
    }
    if (flags->dry_run) {
        for (const auto& path : removed)
            print_path(path);
        return 0;
    }
    if (auto st = run_hook("before-uninstall", request.config.before_uninstall, removed, request);
        !st) {
        return refuse(st.message() + "; nothing was removed");
    }
    for (const auto& target : targets)
        remove_installed(target);
    for (const auto& path : removed)
        print_path(path);
    std::fflush(stdout);
    refresh_caches(*home, mime, request.host);
    remove_created_dirs(*home, created);
    return 0;
}

}  // namespace squashrun::apprun
