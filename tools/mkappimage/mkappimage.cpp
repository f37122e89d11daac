// The steps of mkappimage: options, validation, runtime, payload, output, .zsync.
#include "mkappimage.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <memory>
#include <optional>

#include "assemble.hpp"
#include "core/format/name.hpp"
#include "core/format/update_info.hpp"
#include "interrupt.hpp"
#include "options.hpp"
#include "os/directory_tree.hpp"
#include "os/environment.hpp"
#include "os/executable.hpp"
#include "os/fd_io.hpp"
#include "os/unique_fd.hpp"
#include "process.hpp"
#include "python/python_build.hpp"
#include "settings.hpp"
#include "signing.hpp"
#include "squashfs_tree.hpp"
#include "validate.hpp"

#ifndef SQUASHRUN_VERSION
#define SQUASHRUN_VERSION "unknown"
#endif

namespace squashrun::mkappimage {
namespace {

std::string host_arch() {
    utsname host{};
    ::uname(&host);
    return core::appimage_arch(host.machine);
}

// Exclusion patterns from --exclude and APPDIR/.appimageignore, written to a file for
// mksquashfs -ef. Returns the file's path, or "" when there is nothing to exclude.
core::Result<std::string> write_exclude_file(const Options& options, const core::TreeView& tree,
                                             const std::string& temp_root) {
    std::vector<std::string> patterns = options.excludes;
    if (tree.lookup(".appimageignore").type == core::NodeType::file) {
        auto text = tree.read(".appimageignore", 1 << 20);
        if (!text) return text.error();
        auto more = parse_ignore_file(*text);
        patterns.insert(patterns.end(), more.begin(), more.end());
        patterns.emplace_back(".appimageignore");
    }
    if (patterns.empty()) return std::string();
    std::string path = temp_root + "/mkappimage-exclude.XXXXXX";
    os::UniqueFd fd(::mkostemp(path.data(), O_CLOEXEC));
    if (!fd) return core::make_error("cannot create " + path);
    std::string text;
    for (const auto& p : patterns)
        text += p + "\n";
    bool written = os::write_all(fd.get(), text);
    written = ::close(fd.release()) == 0 && written;
    if (!written) {
        ::unlink(path.c_str());
        return core::make_error("cannot write " + path);
    }
    return path;
}

// OUTPUT.zsync for the update information; a stale one from an earlier build never stays.
bool write_zsync(const std::string& output, const Settings& settings) {
    std::string zsync = output + ".zsync";
    ::unlink(zsync.c_str());
    auto zsyncmake = os::find_executable("zsyncmake", settings.path);
    if (!zsyncmake) {
        say("zsyncmake not found; no " + zsync + " written (install zsync)");
        return true;
    }
    std::string base = output.substr(output.rfind('/') + 1);
    auto result =
        run_program({*zsyncmake, "-u", base, "-o", zsync, output}, settings.tool_environment);
    if (result.exit_code != 0) {
        ::unlink(zsync.c_str());
        say(zsync + ": zsyncmake failed: " + first_line_with(result.output, "rror"));
        return false;
    }
    say("wrote " + zsync);
    return true;
}

// The directory `path` is in, resolved ("." for a bare name).
std::string real_dir_of(const std::string& path) {
    size_t slash = path.rfind('/');
    std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
    char resolved[PATH_MAX];
    return ::realpath(dir.c_str(), resolved) != nullptr ? resolved : dir;
}

// The built payload, read back: what exclusions left must still pass the checks.
core::Status verify_payload(const std::string& path, uint64_t offset, const Settings& settings) {
    auto tree = SquashfsTree::open(path, offset, "payload");
    if (!tree) return tree.error();
    // Exclusions can remove files but not change them: desktop-file-validate has seen this
    // desktop file already.
    auto info = validate_appdir(**tree, settings, false);
    if (!info) return core::make_error(info.message() + " (after exclusions)");
    if (!info->has_dir_icon)
        return core::make_error("payload:.DirIcon: missing (after exclusions)");
    return {};
}

}  // namespace

void say(const std::string& message) {
    std::string line = "mkappimage: " + message + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
}

int build_appimage(const Options& options, const Settings& settings) {
    if (options.update_information) {
        if (auto st = core::check_update_information(*options.update_information); !st) {
            say("--updateinformation '" + *options.update_information + "': " + st.message());
            return kExitFailure;
        }
    }
    auto epoch = source_date_epoch(settings.source_date_epoch);
    if (!epoch) {
        say(epoch.message());
        return kExitFailure;
    }
    std::optional<core::SecretKey> signing_key;
    if (!options.sign_key.empty()) {
        auto key = load_secret_key(options.sign_key);
        if (!key) {
            say(key.message());
            return kExitFailure;
        }
        signing_key = *key;
    }
    std::unique_ptr<core::TreeView> tree;
    if (options.payload.empty()) {
        tree = std::make_unique<os::DirectoryTree>(options.appdir);
    } else {
        auto image = SquashfsTree::open(options.payload);
        if (!image) {
            say(image.message());
            return kExitFailure;
        }
        tree = std::move(*image);
    }
    auto info = validate_appdir(*tree, settings);
    if (!info) {
        say(info.message());
        return kExitFailure;
    }
    if (!options.payload.empty() && !info->has_dir_icon) {
        say(tree->where(".DirIcon") + ": missing (file managers show it; add it to the image)");
        return kExitFailure;
    }
    auto runtime_path = locate_runtime(options.runtime);
    if (!runtime_path) {
        say(runtime_path.message());
        return kExitFailure;
    }
    auto runtime = load_runtime(*runtime_path);
    if (!runtime) {
        say(runtime.message());
        return kExitFailure;
    }
    if (options.update_information && !runtime->has_update_section) {
        say(runtime->path + ": has no .upd_info section for the update information");
        return kExitFailure;
    }
    std::string output = options.output.empty()
                             ? core::default_appimage_name(info->name, info->version, host_arch())
                             : options.output;
    if (options.payload.empty()) {
        char appdir[PATH_MAX];
        std::string out_dir = real_dir_of(output);
        if (::realpath(options.appdir.c_str(), appdir) != nullptr &&
            (out_dir == appdir || out_dir.starts_with(std::string(appdir) + "/"))) {
            say(output + ": inside the AppDir; write the AppImage somewhere else");
            return kExitFailure;
        }
    }

    AssembleRequest request;
    request.runtime = *runtime;
    request.output = output;
    request.update_information = options.update_information;
    request.payload_file = options.payload;
    request.epoch = *epoch;
    if (signing_key) {
        request.signing_key = &*signing_key;
        std::string identity = info->desktop_file;
        if (identity.ends_with(".desktop")) identity.resize(identity.size() - 8);
        request.app_identity = identity;
        request.app_version = info->version;
    }
    std::string exclude_file;
    std::optional<RemoveOnInterrupt> exclude_guard;
    if (options.payload.empty()) {
        auto excludes = write_exclude_file(options, *tree, settings.temp_root);
        if (!excludes) {
            say(excludes.message());
            return kExitFailure;
        }
        exclude_file = *excludes;
        if (!exclude_file.empty()) exclude_guard.emplace(exclude_file);
        request.verify = [&settings](const std::string& path, uint64_t offset) {
            return verify_payload(path, offset, settings);
        };
        PayloadSpec spec;
        spec.appdir = options.appdir;
        spec.compression = options.compression;
        spec.block_size = options.block_size;
        spec.epoch = *epoch;
        spec.exclude_file = exclude_file;
        if (!info->has_dir_icon) {
            spec.dir_icon_target = info->icon;
            say(tree->where(".DirIcon") + ": missing; the payload gets .DirIcon -> " + info->icon);
        }
        request.build = spec;
    }
    core::Status written = assemble_appimage(request, settings);
    if (!exclude_file.empty()) ::unlink(exclude_file.c_str());
    if (!written) {
        say(output + ": " + written.message());
        return kExitFailure;
    }
    struct stat st {};
    ::stat(output.c_str(), &st);
    say("wrote " + output + " (" + std::to_string(st.st_size) + " bytes, runtime " + runtime->path +
        ")");
    if (options.update_information && !write_zsync(output, settings)) return kExitFailure;
    if (signing_key) {
        if (auto signed_file = write_minisig(output, *signing_key, *epoch); !signed_file) {
            say(signed_file.message());
            return kExitFailure;
        }
        say("signed " + output + " with key " + core::key_id_text(signing_key->key_id) +
            "; wrote " + output + ".minisig");
    }
    return 0;
}

int mkappimage_main(int argc, char** argv) {
    if (argc > 1 && std::string_view(argv[1]) == "python")
        return python_main(argc - 1, argv + 1, read_settings(os::current_environment()));
    auto options = parse_options(argc, argv);
    if (!options) {
        say(options.message() + " (see --help)");
        return kExitUsage;
    }
    if (options->help) {
        std::fputs(usage_text().c_str(), stdout);
        return 0;
    }
    if (options->version) {
        std::puts("mkappimage (squashrun) " SQUASHRUN_VERSION);
        return 0;
    }
    if (!options->generate_key.empty()) {
        if (auto made = generate_key_files(options->generate_key); !made) {
            say(made.message());
            return kExitFailure;
        }
        say("wrote the secret key " + options->generate_key +
            " (keep it private) and the "
            "public key " +
            options->generate_key + ".pub");
        return 0;
    }
    return build_appimage(*options, read_settings(os::current_environment()));
}

}  // namespace squashrun::mkappimage
