// The startup matrix: the same AppImages launched inside several roots (chroot, with /dev and
// /proc), as root and as an unprivileged user, in every launch mode, each mode timed in one
// interleaved loop with the same app run from a plain directory in that root. A launch that
// fails is a finding: its first line of error is reported instead of a time. Writes a CSV, a
// Markdown table and the data of the chart (one gnuplot data block per app).
//
//   startup_matrix --root NAME=DIR... --app NAME=APPIMAGE... [--signed NAME=APPIMAGE]
//                  [--reference RUNTIME] [--user UID] [--runs N] [--csv FILE] [--md FILE]
//                  [--chart-data FILE]
//
// Runs as root: it mounts in a mount namespace of its own, so nothing stays mounted.
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <dirent.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "core/format/mountinfo.hpp"

namespace {

using squashrun::bench::Series;
using squashrun::bench::shell;

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "startup_matrix: %s\n", message.c_str());
    std::exit(1);
}

std::pair<std::string, std::string> name_value(const std::string& arg) {
    size_t equals = arg.find('=');
    if (equals == std::string::npos) die("expected NAME=VALUE, got " + arg);
    return {arg.substr(0, equals), arg.substr(equals + 1)};
}

std::string quoted(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

struct Outcome {
    double ms = 0;
    bool ok = false;
    std::string error;    // the first line the launch wrote to stderr, or how it ended
    std::string message;  // the first line of stderr of a launch that succeeded
};

// Runs `argv` chrooted in `root` as `uid` (0: root), in /tmp, with exactly `env`; its stdout
// is discarded and its stderr kept. Timed from fork to exit.
Outcome launch(const std::string& root, uid_t uid, const std::vector<std::string>& argv,
               const std::vector<std::string>& env) {
    std::vector<std::string> a = argv, e = env;
    std::vector<char*> args;
    std::vector<char*> envp;
    args.reserve(a.size() + 1);
    envp.reserve(e.size() + 1);
    for (auto& s : a)
        args.push_back(s.data());
    args.push_back(nullptr);
    for (auto& s : e)
        envp.push_back(s.data());
    envp.push_back(nullptr);
    int err[2];
    if (::pipe2(err, O_CLOEXEC) != 0) die("pipe failed");
    int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    auto start = std::chrono::steady_clock::now();
    pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(null, 0);
        ::dup2(null, 1);
        ::dup2(err[1], 2);
        if (::chroot(root.c_str()) != 0 || ::chdir("/tmp") != 0) ::_exit(126);
        if (uid != 0 && (::setgroups(0, nullptr) != 0 || ::setgid(uid) != 0 || ::setuid(uid) != 0))
            ::_exit(126);
        ::execve(args[0], args.data(), envp.data());
        ::_exit(127);
    }
    ::close(err[1]);
    ::close(null);
    ::fcntl(err[0], F_SETFL, O_NONBLOCK);
    std::string stderr_text;
    int status = 0;
    // Drain stderr while waiting: a server started by the launch has left it by then.
    for (;;) {
        char buffer[4096];
        ssize_t n;
        while ((n = ::read(err[0], buffer, sizeof buffer)) > 0)
            stderr_text.append(buffer, static_cast<size_t>(n));
        pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) break;
        pollfd p{err[0], POLLIN, 0};
        ::poll(&p, 1, 5);
    }
    auto end = std::chrono::steady_clock::now();
    ::close(err[0]);
    Outcome out;
    out.ms = std::chrono::duration<double, std::milli>(end - start).count();
    out.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (out.ok) out.message = stderr_text.substr(0, stderr_text.find('\n'));
    if (!out.ok) {
        std::string first = stderr_text.substr(0, stderr_text.find('\n'));
        if (first.empty()) {
            first = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                      : "signal " + std::to_string(WTERMSIG(status));
        }
        out.error = first;
    }
    return out;
}

// FUSE mounts whose mount point lies under `dir`.
// The mounts of this namespace whose mount point lies under `dir`.
std::vector<squashrun::core::MountEntry> mounts_under(const std::string& dir) {
    std::ifstream info("/proc/self/mountinfo");
    std::string text((std::istreambuf_iterator<char>(info)), std::istreambuf_iterator<char>());
    auto mounts = squashrun::core::parse_mountinfo(text);
    std::erase_if(mounts, [&](const auto& m) { return !m.mount_point.starts_with(dir); });
    return mounts;
}

bool mounted_under(const std::string& dir) {
    auto mounts = mounts_under(dir);
    return std::any_of(mounts.begin(), mounts.end(),
                       [](const auto& m) { return m.fs_type.starts_with("fuse"); });
}

void wait_until_unmounted(const std::string& dir) {
    for (int i = 0; i < 500 && mounted_under(dir); ++i)
        ::usleep(2000);
}

// Ends what launches left running in `root` (shared-mount servers within their grace
// period): every process whose root is it, then any mount left under its /tmp.
void clean_root(const std::string& root) {
    char resolved[PATH_MAX];
    if (::realpath(root.c_str(), resolved) == nullptr) return;
    for (int round = 0; round < 50; ++round) {
        bool any = false;
        if (DIR* proc = ::opendir("/proc")) {
            while (dirent* e = ::readdir(proc)) {
                char link[PATH_MAX];
                std::string path = "/proc/";
                path.append(e->d_name).append("/root");
                ssize_t n = ::readlink(path.c_str(), link, sizeof link - 1);
                if (n <= 0) continue;
                link[n] = '\0';
                if (std::strcmp(link, resolved) != 0) continue;
                ::kill(std::atoi(e->d_name), SIGKILL);
                any = true;
            }
            ::closedir(proc);
        }
        if (!any) break;
        ::usleep(20000);
    }
    auto mounts = mounts_under(std::string(resolved) + "/tmp/");
    for (auto it = mounts.rbegin(); it != mounts.rend(); ++it)
        ::umount2(it->mount_point.c_str(), MNT_DETACH);
}

struct Mode {
    std::string name;
    std::string file;               // inside the root
    std::vector<std::string> env;   // added to the base environment
    std::string reset;              // a directory inside the root emptied before each run
    bool wait_for_unmount = false;  // the previous launch's mount must be gone first
    bool warm = false;              // one untimed launch first
};

struct Row {
    std::string root, user, app, mode;
    Series series;
    std::string error;
    std::string note;  // what a launch that worked said, e.g. that it fell back to extracting
    double plain = 0;
};

std::string format_ms(double ms) {
    char text[32];
    std::snprintf(text, sizeof text, ms < 10 ? "%.2f" : "%.1f", ms);
    return text;
}

// The modes measured for `app` (every app's when empty), in the order they ran.
std::vector<std::string> modes_of(const std::vector<Row>& rows, const std::string& app) {
    std::vector<std::string> names;
    for (const auto& r : rows) {
        if ((app.empty() || r.app == app) &&
            std::find(names.begin(), names.end(), r.mode) == names.end())
            names.push_back(r.mode);
    }
    return names;
}

const Row* find_row(const std::vector<Row>& rows, const std::string& app, const std::string& root,
                    const std::string& user, const std::string& mode) {
    for (const auto& r : rows) {
        if (r.app == app && r.root == root && r.user == user && r.mode == mode) return &r;
    }
    return nullptr;
}

constexpr std::array<const char*, 2> kUsers = {"root", "user"};

// A Markdown table for `app`: a row per root and user, the median and its ratio to plain per
// mode; failures and fallbacks are added to `findings` and `notes`.
void write_table(std::ostream& md, const std::vector<Row>& rows, const std::string& app,
                 const std::vector<std::string>& roots, std::vector<std::string>& findings,
                 std::vector<std::string>& notes) {
    auto modes = modes_of(rows, app);
    md << "\n**" << app << "**: median launch in ms (ratio to the plain directory in the same "
       << "root)\n\n| root | user |";
    for (const auto& m : modes)
        md << " " << m << " |";
    md << "\n| --- | --- |";
    for (size_t i = 0; i < modes.size(); ++i)
        md << " --- |";
    md << "\n";
    for (const auto& root : roots) {
        for (const char* user : kUsers) {
            md << "| " << root << " | " << user << " |";
            for (const auto& m : modes) {
                const Row* r = find_row(rows, app, root, user, m);
                if (r == nullptr) {
                    md << " |";
                    continue;
                }
                std::string where = root;
                where.append(", ")
                    .append(user)
                    .append(", ")
                    .append(app)
                    .append(", ")
                    .append(m)
                    .append(": ");
                if (!r->error.empty()) {
                    md << " fails |";
                    findings.push_back(where + r->error);
                } else if (m == "plain") {
                    md << " " << format_ms(r->series.median()) << " |";
                } else {
                    md << " " << format_ms(r->series.median()) << " ("
                       << format_ms(r->series.median() / r->plain) << "x)"
                       << (r->note.empty() ? "" : " *") << " |";
                    if (!r->note.empty()) notes.push_back(where + r->note);
                }
            }
            md << "\n";
        }
    }
}

// The chart's block for `app` (gnuplot's index): a header of mode names, a line per root and
// user, a column per mode (median ms; NaN where it failed).
void write_chart_block(std::ostream& chart, const std::vector<Row>& rows, const std::string& app,
                       const std::vector<std::string>& roots) {
    // Every app's block has every mode, so that a mode has the same colour in every panel.
    auto modes = modes_of(rows, "");
    chart << "\"" << app << "\"";
    for (const auto& m : modes)
        chart << " \"" << m << "\"";
    chart << "\n";
    for (const auto& root : roots) {
        for (const char* user : kUsers) {
            chart << "\"" << root << " (" << user << ")\"";
            for (const auto& m : modes) {
                const Row* r = find_row(rows, app, root, user, m);
                bool timed = r != nullptr && r->error.empty() && !r->series.ms.empty();
                chart << " " << (timed ? format_ms(r->series.median()) : std::string("NaN"));
            }
            chart << "\n";
        }
    }
    chart << "\n\n";
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::pair<std::string, std::string>> roots, apps;
    std::map<std::string, std::string> signed_apps;
    std::string reference, csv_path, md_path, chart_path;
    int runs = 10;
    uid_t user = 65534;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) die(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "--root") {
            roots.push_back(name_value(next()));
        } else if (arg == "--app") {
            apps.push_back(name_value(next()));
        } else if (arg == "--signed") {
            signed_apps.insert(name_value(next()));
        } else if (arg == "--reference") {
            reference = next();
        } else if (arg == "--runs") {
            runs = std::atoi(next().c_str());
        } else if (arg == "--user") {
            user = static_cast<uid_t>(std::atoi(next().c_str()));
        } else if (arg == "--csv") {
            csv_path = next();
        } else if (arg == "--md") {
            md_path = next();
        } else if (arg == "--chart-data") {
            chart_path = next();
        } else {
            die("unknown argument " + arg);
        }
    }
    if (roots.empty() || apps.empty() || runs < 1) die("give --root NAME=DIR and --app NAME=FILE");
    if (::geteuid() != 0) die("runs as root (it chroots and mounts)");
    if (::unshare(CLONE_NEWNS) != 0 ||
        ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
        die("cannot make a private mount namespace");
    }
    struct stat fuse {};
    bool has_fuse = ::stat("/dev/fuse", &fuse) == 0;
    if (has_fuse) ::chmod("/dev/fuse", 0666);  // as desktop distributions ship it

    std::vector<Row> rows;
    for (const auto& [root_name, root] : roots) {
        for (const char* dir : {"/dev", "/proc", "/tmp", "/bench"})
            ::mkdir((root + dir).c_str(), 0755);
        ::chmod((root + "/tmp").c_str(), 01777);
        if (::mount("/dev", (root + "/dev").c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0 ||
            ::mount("proc", (root + "/proc").c_str(), "proc", 0, nullptr) != 0) {
            die(root + ": cannot mount /dev and /proc in it");
        }
        for (const auto& [app_name, app] : apps) {
            std::string bench = root + "/bench/";
            bench += app_name;
            shell("rm -rf " + quoted(bench) + "* && cp " + quoted(app) + " " +
                  quoted(bench + ".AppImage") + " && mkdir " + quoted(bench + ".x") + " && cd " +
                  quoted(bench + ".x") + " && TARGET_APPIMAGE=" + quoted(app) + " " +
                  quoted(SQUASHRUN_RUNTIME) +
                  " --appimage-extract >/dev/null && mv squashfs-root " + quoted(bench + ".plain") +
                  " && cd / && rmdir " + quoted(bench + ".x") + " && chmod -R a+rX " +
                  quoted(bench + ".plain"));
            if (signed_apps.count(app_name))
                shell("cp " + quoted(signed_apps[app_name]) + " " +
                      quoted(bench + ".signed.AppImage"));
            if (!reference.empty()) {
                shell("offset=$(" + quoted(app) + " --appimage-offset) && { cat " +
                      quoted(reference) + "; tail -c +$((offset + 1)) " + quoted(app) + "; } > " +
                      quoted(bench + ".reference.AppImage") + " && chmod 0755 " +
                      quoted(bench + ".reference.AppImage"));
            }
            std::string in_root = "/bench/" + app_name;
            std::vector<Mode> modes = {
                {"plain",
                 in_root + ".plain/AppRun",
                 {"APPDIR=" + in_root + ".plain"},
                 "",
                 false,
                 false},
                {"mount per launch",
                 in_root + ".AppImage",
                 {"SQUASHRUN_MOUNT_GRACE=0"},
                 "",
                 false,
                 false},
                {"shared, first",
                 in_root + ".AppImage",
                 {"SQUASHRUN_MOUNT_GRACE=0.001"},
                 "",
                 true,
                 false},
                {"shared, repeated",
                 in_root + ".AppImage",
                 {"SQUASHRUN_MOUNT_GRACE=3600", "SQUASHRUN_CACHE_DIR=/tmp/shared-kept"},
                 "",
                 false,
                 true},
                {"extract-and-run, first",
                 in_root + ".AppImage",
                 {"APPIMAGE_EXTRACT_AND_RUN=1", "SQUASHRUN_CACHE_DIR=/tmp/cache-first"},
                 "/tmp/cache-first",
                 false,
                 false},
                {"extract-and-run, cached",
                 in_root + ".AppImage",
                 {"APPIMAGE_EXTRACT_AND_RUN=1", "SQUASHRUN_CACHE_DIR=/tmp/cache-kept"},
                 "",
                 false,
                 true},
            };
            // Its own state directory: the first signed launch pins the app's key, after
            // which the unsigned file of the same app is refused.
            if (signed_apps.count(app_name)) {
                modes.push_back({"signed, mount per launch",
                                 in_root + ".signed.AppImage",
                                 {"SQUASHRUN_MOUNT_GRACE=0", "XDG_STATE_HOME=/tmp/signed-state"},
                                 "",
                                 false,
                                 false});
            }
            if (!reference.empty()) {
                modes.push_back({"reference, mount per launch",
                                 in_root + ".reference.AppImage",
                                 {},
                                 "",
                                 false,
                                 false});
                modes.push_back({"reference, extract-and-run",
                                 in_root + ".reference.AppImage",
                                 {"APPIMAGE_EXTRACT_AND_RUN=1"},
                                 "",
                                 false,
                                 true});
            }
            for (uid_t uid : {uid_t{0}, user}) {
                std::string user_name = uid == 0 ? "root" : "user";
                std::fprintf(stderr, "startup_matrix: %s, %s, %s (%d runs)\n", root_name.c_str(),
                             user_name.c_str(), app_name.c_str(), runs);
                shell("rm -rf " + quoted(root + "/tmp") + "/* " + quoted(root + "/tmp") +
                      "/.[!.]*");
                std::vector<std::string> base = {"PATH=/usr/local/bin:/usr/bin:/bin", "TMPDIR=/tmp",
                                                 "HOME=/tmp", "LANG=C.UTF-8"};
                std::vector<Row> block;
                block.reserve(modes.size());
                for (const Mode& mode : modes)
                    block.push_back(
                        {root_name, user_name, app_name, mode.name, {mode.name, {}}, "", "", 0});
                auto env_of = [&](const Mode& mode) {
                    std::vector<std::string> env = base;
                    env.insert(env.end(), mode.env.begin(), mode.env.end());
                    return env;
                };
                for (size_t m = 0; m < modes.size(); ++m) {
                    if (!modes[m].warm) continue;
                    auto warm = launch(root, uid, {modes[m].file}, env_of(modes[m]));
                    if (!warm.ok) block[m].error = warm.error;
                }
                for (int round = 0; round < runs; ++round) {
                    for (size_t m = 0; m < modes.size(); ++m) {
                        const Mode& mode = modes[m];
                        if (!block[m].error.empty()) continue;
                        if (!mode.reset.empty()) shell("rm -rf " + quoted(root + mode.reset));
                        if (mode.wait_for_unmount) wait_until_unmounted(root + "/tmp/");
                        auto out = launch(root, uid, {mode.file}, env_of(mode));
                        if (!out.ok) {
                            block[m].error = out.error;
                            continue;
                        }
                        block[m].series.ms.push_back(out.ms);
                        if (block[m].note.empty()) block[m].note = out.message;
                    }
                }
                clean_root(root);
                double plain = block[0].series.ms.empty() ? NAN : block[0].series.median();
                for (auto& row : block) {
                    row.plain = plain;
                    rows.push_back(std::move(row));
                }
            }
        }
        clean_root(root);
        ::umount2((root + "/proc").c_str(), MNT_DETACH);
        ::umount2((root + "/dev").c_str(), MNT_DETACH);
    }
    if (has_fuse) ::chmod("/dev/fuse", fuse.st_mode & 07777);

    // CSV: every series.
    std::ostringstream csv;
    csv << "root,user,app,mode,runs,median_ms,p90_ms,plain_median_ms,ratio,error,note\n";
    for (const auto& r : rows) {
        bool timed = r.error.empty() && !r.series.ms.empty();
        auto clean = [](std::string text) {
            for (char& c : text) {
                if (c == '"') c = '\'';
            }
            return text;
        };
        csv << r.root << "," << r.user << "," << r.app << "," << r.mode << "," << r.series.ms.size()
            << "," << (timed ? format_ms(r.series.median()) : "") << ","
            << (timed ? format_ms(r.series.percentile(0.9)) : "") << ","
            << (std::isnan(r.plain) ? "" : format_ms(r.plain)) << ","
            << (timed && !std::isnan(r.plain) ? format_ms(r.series.median() / r.plain) : "")
            << ",\"" << clean(r.error) << "\",\"" << clean(r.note) << "\"\n";
    }
    std::vector<std::string> root_names;
    root_names.reserve(roots.size());
    for (const auto& [root_name, root] : roots)
        root_names.push_back(root_name);
    std::ostringstream md;
    std::ostringstream chart;
    std::vector<std::string> findings, notes;
    for (const auto& [app_name, app] : apps) {
        write_table(md, rows, app_name, root_names, findings, notes);
        write_chart_block(chart, rows, app_name, root_names);
    }
    if (!notes.empty()) {
        md << "\n\\* The launch worked, and said why it ran otherwise (a fallback: the time is "
              "that of another mode):\n\n";
        for (const auto& n : notes)
            md << "- " << n << "\n";
    }
    if (!findings.empty()) {
        md << "\nLaunches that failed (findings, with the first line of error):\n\n";
        for (const auto& f : findings)
            md << "- " << f << "\n";
    }
    auto write = [](const std::string& path, const std::string& text) {
        if (path.empty()) {
            std::fputs(text.c_str(), stdout);
            return;
        }
        std::ofstream out(path);
        out << text;
        if (!out) die("cannot write " + path);
    };
    write(csv_path, csv.str());
    write(md_path, md.str());
    if (!chart_path.empty()) write(chart_path, chart.str());
    return 0;
}
