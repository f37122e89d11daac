// Handlers of the --appimage-* options and the default action (run the app).
#include "runtime/cli.hpp"

#include <signal.h>
#include <unistd.h>

#include <array>
#include <cstdio>

#include "core/format/sections.hpp"
#include "runtime/cache/cache.hpp"
#include "runtime/cache/extract.hpp"
#include "runtime/diag.hpp"
#include "runtime/image/appimage.hpp"
#include "runtime/image/signature.hpp"
#include "runtime/launch.hpp"
#include "runtime/mount/lease.hpp"
#include "runtime/portable.hpp"

#ifndef SQUASHRUN_VERSION
#define SQUASHRUN_VERSION "unknown"
#endif

namespace squashrun::runtime {
namespace {

constexpr std::string_view kFuseHint =
    " (FUSE is needed to mount AppImages; --appimage-extract-and-run works without it)";

void print_out(const std::string& text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
}

// Opens the AppImage; on failure the error has been printed.
core::Result<AppImageFile> open_or_report(const Invocation& inv) {
    auto image = open_appimage(inv.appimage);
    if (!image) print_error(image.message());
    return image;
}

// An absolute directory from $NAME, else $HOME/fallback; "" when neither is usable.
std::string xdg_dir(const std::string& value, const std::string& home, const char* fallback) {
    if (!value.empty() && value.front() == '/') return value;
    if (!home.empty() && home.front() == '/') return home + "/" + fallback;
    return "";
}

TrustSettings trust_settings(const Settings& settings) {
    TrustSettings trust;
    trust.policy = verify_policy(settings.verify);
    trust.trusted_keys_files.push_back("/etc/squashrun/trusted-keys");
    std::string config = xdg_dir(settings.xdg_config_home, settings.home, ".config");
    if (!config.empty()) trust.trusted_keys_files.push_back(config + "/squashrun/trusted-keys");
    std::string state = xdg_dir(settings.xdg_state_home, settings.home, ".local/state");
    if (!state.empty()) trust.pins_dir = state + "/squashrun/keys";
    trust.program = settings.program_name;
    return trust;
}

// Opens the AppImage and checks its payload can be read; on failure the error has been
// printed.
core::Result<AppImageFile> open_with_payload(const Invocation& inv) {
    auto image = open_or_report(inv);
    if (!image) return image;
    if (auto payload = check_payload(*image); !payload) {
        print_error(payload.message());
        return payload.error();
    }
    auto checked = check_signature(*image, trust_settings(inv.settings));
    if (!checked) {
        print_error(checked.message());
        return checked.error();
    }
    if (!checked->empty()) print_error(*checked);
    return image;
}

int show_help(const Invocation&);

int show_version(const Invocation&) {
    print_out("squashrun " SQUASHRUN_VERSION " (AppImage type 2 runtime)\n");
    return 0;
}

int show_offset(const Invocation& inv) {
    auto image = open_or_report(inv);
    if (!image) return kExitLauncherFailure;
    print_out(std::to_string(image->layout.payload_offset) + "\n");
    return 0;
}

int print_sections(const Invocation& inv, std::initializer_list<std::string_view> names) {
    auto image = open_or_report(inv);
    if (!image) return kExitLauncherFailure;
    for (std::string_view name : names) {
        auto text = core::read_section_text(image->source(), image->layout.elf, name);
        if (!text) {
            print_error(inv.appimage + ": " + text.message());
            return kExitLauncherFailure;
        }
        if (!text->empty() || names.size() == 1) print_out(*text + "\n");
    }
    return 0;
}

int show_update_information(const Invocation& inv) {
    return print_sections(inv, {core::kUpdateInfoSection});
}

int show_signature(const Invocation& inv) {
    auto image = open_or_report(inv);
    if (!image) return kExitLauncherFailure;
    auto header = read_signed_header(*image);
    if (!header) {
        print_error(header.message());
        return kExitLauncherFailure;
    }
    if (header->has_value()) {
        print_out(describe_signed_header(**header));
        return 0;
    }
    return print_sections(inv, {core::kSignatureSection, core::kSigningKeySection});
}

int verify_file(const Invocation& inv) {
    auto image = open_or_report(inv);
    if (!image) return kExitLauncherFailure;
    auto report = verify_whole_file(*image);
    if (!report) {
        print_error(report.message());
        return kExitNotVerified;
    }
    print_out(*report);
    return 0;
}

int make_portable(const Invocation& inv, const char* suffix, const char* variable) {
    auto dir = create_portable_dir(inv.appimage, suffix);
    if (!dir) {
        print_error(dir.message());
        return kExitLauncherFailure;
    }
    print_error("created " + *dir + "; later launches set " + variable + " to it");
    return 0;
}

int portable_home(const Invocation& inv) {
    return make_portable(inv, ".home", "HOME");
}
int portable_config(const Invocation& inv) {
    return make_portable(inv, ".config", "XDG_CONFIG_HOME");
}

core::Result<MountLease> mount_with_hint(const AppImageFile& image, const Settings& settings) {
    auto mount = MountLease::acquire_private(image, settings);
    if (!mount) {
        return core::make_error(image.path + ": cannot mount the payload: " + mount.message() +
                                std::string(kFuseHint));
    }
    return mount;
}

int mount_and_wait(const Invocation& inv) {
    auto image = open_with_payload(inv);
    if (!image) return kExitLauncherFailure;
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigprocmask(SIG_BLOCK, &stop, nullptr);
    auto mount = mount_with_hint(*image, inv.settings);
    if (!mount) {
        print_error(mount.message());
        return kExitLauncherFailure;
    }
    print_out(mount->mount_point() + "\n");
    int signal_number = 0;
    sigwait(&stop, &signal_number);
    mount->release_and_wait();
    return 0;
}

// Runs AppRun from the cached extracted tree; the shared lock on the tree is inherited.
// `mount_failure` is why mounting failed when this is the automatic fallback: it is
// reported in the same single line as the outcome.
int run_extracted(const Invocation& inv, const AppImageFile& image, size_t first_arg,
                  const std::string& mount_failure = {}) {
    auto tree = open_cached_tree(image, inv.settings, ::isatty(STDERR_FILENO) == 1);
    std::string why_not_mounted =
        mount_failure.empty() ? "" : "cannot mount the payload (" + mount_failure + ")";
    if (!tree) {
        print_error(image.path + ": " +
                    (why_not_mounted.empty() ? "cannot extract the payload to run it: "
                                             : why_not_mounted + " nor extract it: ") +
                    tree.message());
        return kExitLauncherFailure;
    }
    if (!why_not_mounted.empty()) {
        print_error(image.path + ": " + why_not_mounted + "; running an extracted copy instead");
    }
    print_debug("running from " + tree->appdir);
    core::Error failure = exec_apprun(
        LaunchRequest{tree->appdir, inv.appimage, inv.settings, tree->lock_fd, first_arg});
    print_error(failure.message);
    return kExitLauncherFailure;
}

int extract_and_run(const Invocation& inv) {
    auto image = open_with_payload(inv);
    if (!image) return kExitLauncherFailure;
    return run_extracted(inv, *image, 2);
}

int extract(const Invocation& inv) {
    auto image = open_with_payload(inv);
    if (!image) return kExitLauncherFailure;
    ExtractRequest request;
    request.source = image->shared_source();
    request.payload_offset = image->layout.payload_offset;
    request.target = "squashfs-root";
    const auto& args = inv.settings.args;
    if (args.size() > 2) request.patterns.assign(args.begin() + 2, args.end());
    request.progress = ::isatty(STDERR_FILENO) == 1;
    if (auto extracted = extract_payload(request); !extracted) {
        print_error(image->path + ": cannot extract: " + extracted.message());
        return kExitLauncherFailure;
    }
    return 0;
}

constexpr std::array kOptions = {
    Option{"--appimage-help", "", "print this help", show_help, false},
    Option{"--appimage-version", "", "print the runtime's version", show_version, false},
    Option{"--appimage-offset", "", "print the byte offset of the squashfs payload", show_offset},
    Option{"--appimage-extract", " [PATTERN...]",
           "extract the payload (or the paths matching shell patterns) into ./squashfs-root",
           extract},
    Option{"--appimage-extract-and-run", " [ARGUMENTS...]",
           "run the application from an extracted copy, kept in a cache for later launches",
           extract_and_run},
    Option{"--appimage-mount", "",
           "mount the payload, print the mount point, keep it until SIGINT or SIGTERM",
           mount_and_wait},
    Option{"--appimage-updateinformation", "", "print the update information (.upd_info)",
           show_update_information},
    Option{"--appimage-signature", "",
           "print the signed header (or, unsigned, .sha256_sig and .sig_key)", show_signature},
    Option{"--appimage-verify", "",
           "check the whole file against its signature: header, every chunk, runtime, "
           ".upd_info",
           verify_file},
    Option{"--appimage-portable-home", "", "create <AppImage>.home; later launches use it as HOME",
           portable_home},
    Option{"--appimage-portable-config", "",
           "create <AppImage>.config; later launches use it as XDG_CONFIG_HOME", portable_config},
};

int show_help(const Invocation& inv) {
    const auto& args = inv.settings.args;
    std::string name = args.empty() ? "App.AppImage" : args[0];
    std::string text = "Usage: " + name + " [ARGUMENTS...]       run the application\n" +
                       "       " + name + " --appimage-OPTION\n\nOptions (first argument only):\n";
    for (const Option& o : kOptions) {
        std::string left = "  " + std::string(o.name) + std::string(o.arguments);
        left.resize(std::max<size_t>(left.size() + 1, 32), ' ');
        text += left + std::string(o.help) + "\n";
    }
    text +=
        "\nEnvironment read:\n"
        "  TARGET_APPIMAGE    run this AppImage instead of the executable itself\n"
        "  TMPDIR             where mount points and the extraction cache go (default /tmp)\n"
        "  FUSERMOUNT_PROG    the fusermount helper to use when not root\n"
        "  APPIMAGE_EXTRACT_AND_RUN=1  run from an extracted copy, without FUSE\n"
        "  SQUASHRUN_CACHE_DIR         where extracted copies are kept (default\n"
        "                              $TMPDIR/squashrun-<uid>, or $XDG_CACHE_HOME/squashrun\n"
        "                              when $TMPDIR is mounted noexec)\n"
        "  SQUASHRUN_CACHE_MAX_MB      size the cache is trimmed to (default 2048)\n"
        "  SQUASHRUN_MOUNT_GRACE=SECONDS  how long a shared mount stays after its last\n"
        "                              user (default 5); 0: a private mount per launch\n"
        "  XDG_RUNTIME_DIR             where shared mounts go when it is private\n"
        "                              (else in the cache directory, under mounts/)\n"
        "  NO_CLEANUP=1                never remove old extracted copies\n"
        "  SQUASHRUN_DEBUG=1           explain on stderr how the app is started\n"
        "  SQUASHRUN_VERIFY=MODE       auto (default): check what is signed, run what is\n"
        "                              not; require: refuse unsigned files; off: no checks\n"
        "Environment given to AppRun: APPDIR, APPIMAGE, ARGV0, OWD\n"
        "Other arguments go to AppRun; squashrun's takes --install-desktop [--move|\n"
        "--copy] [--force] [--dry-run] and --uninstall-desktop [OLD-PATH] (the menu)\n"
        "\nExit status:\n"
        "  the application's own status (128+N when it is killed by signal N)\n"
        "  0    an --appimage- option succeeded\n"
        "  1    --appimage-verify: the file is not signed, or not validly;\n"
        "       --install-desktop, --uninstall-desktop: refused\n"
        "  2    unknown --appimage- option, or desktop option\n"
        "  127  the launcher failed (not an AppImage, bad payload, no AppRun, neither\n"
        "       mounting nor extracting worked)\n";
    print_out(text);
    return 0;
}

}  // namespace

const Option* find_option(std::string_view name) {
    for (const Option& o : kOptions) {
        if (o.name == name) return &o;
    }
    return nullptr;
}

int run_appimage(const Invocation& inv) {
    auto image = open_with_payload(inv);
    if (!image) return kExitLauncherFailure;
    if (inv.settings.extract_and_run) return run_extracted(inv, *image, 1);
    auto mount = MountLease::acquire(*image, inv.settings);
    if (!mount) return run_extracted(inv, *image, 1, mount.message());
    core::Error failure = exec_apprun(
        LaunchRequest{mount->mount_point(), inv.appimage, inv.settings, mount->hold_fd()});
    print_error(failure.message);
    return kExitLauncherFailure;
}

}  // namespace squashrun::runtime
