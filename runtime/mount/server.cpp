// The mount server process: set up squashfuse and a libfuse3 session, mount, serve, clean up.
#include "runtime/mount/server.hpp"

#define FUSE_USE_VERSION 34
#include <fcntl.h>
#include <fuse3/fuse_lowlevel.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <thread>

#include "os/fd_io.hpp"
#include "os/mapped_file.hpp"
#include "os/replace_file.hpp"
#include "os/unique_fd.hpp"
#include "runtime/mount/fuse_mount.hpp"
#include "runtime/mount/lifetime.hpp"
#include "runtime/mount/requests.hpp"
#include "runtime/mount/serve.hpp"
#include "runtime/mount/served_image.hpp"
#include "runtime/mount/stale_mounts.hpp"

namespace squashrun::runtime {
namespace {

// Each serving thread has its own squashfuse instance and caches; more threads than this
// would mostly add memory.
constexpr size_t kMaxThreads = 4;
// A replay that has not caught up with the app by then is of no more use.
constexpr int64_t kReplayBudgetMs = 10'000;
// About 60 bytes a read, ReadRecorder::kMaxRanges of them, the paths (kMaxStepBytes, twice
// as hex digits, with their line's three bytes each) and the reads' bytes.
constexpr size_t kMaxRecordingBytes =
    (1u << 20) + 2 * kMaxStepBytes + 3 * ReadRecorder::kMaxSteps + kMaxRecordedBytes;

[[noreturn]] void fail(const ServerConfig& config, const std::string& message) {
    (void)os::write_all(config.ready_fd, "e" + message);
    ::rmdir(config.mount_point.c_str());
    ::_exit(1);
}

// Leaves the caller's terminal and session, so its hang-up or Ctrl-C does not reach the
// server (SIGINT and SIGTERM still stop it, through its lifetime).
void leave_session() {
    ::setsid();
    ::signal(SIGHUP, SIG_IGN);
    ::signal(SIGPIPE, SIG_IGN);
}

// Once mounted, the server has nothing to say on the caller's streams, and holding them
// would keep a reader such as $(App.AppImage) waiting for the server instead of the app.
void detach_from_terminal() {
    int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null_fd < 0) return;
    for (int fd = 0; fd <= 2; ++fd)
        ::dup2(null_fd, fd);
    if (null_fd > 2) ::close(null_fd);
}

[[noreturn]] void serve_payload(const ServerConfig& config) {
    leave_session();
    std::unique_ptr<ServerLifetime> lifetime;
    if (config.listen_fd >= 0) {
        lifetime = std::make_unique<ClientLifetime>(
            os::UniqueFd(config.listen_fd),
            ClientLifetime::Paths{config.socket_path, config.lock_path}, config.grace_ms);
    } else {
        lifetime = std::make_unique<PipeLifetime>(config.keepalive_fd);
    }

    // Two threads even on one core: one serves while the other waits for the disk.
    size_t threads = config.serve.threads
                         ? std::clamp<size_t>(std::thread::hardware_concurrency(), 2, kMaxThreads)
                         : 1;
    // A recording to replay, or else a first launch to record.
    os::MappedFile recording_file;
    Recording recorded;
    if (!config.reads_path.empty()) {
        if (auto file = os::MappedFile::open(config.reads_path, kMaxRecordingBytes)) {
            recording_file = std::move(*file);
            recorded = parse_recording(recording_file.bytes());
        }
    }
    bool replaying = !recorded.empty();
    size_t readers = threads + (replaying ? 1 : 0);  // the replay borrows one too
    auto image =
        ServedImage::open(config.source, config.payload_offset, readers, config.serve.large_caches);
    if (!image) fail(config, image.message());
    RequestContext context(**image, config.serve);
    ReadRecorder recorder;
    if (!config.reads_path.empty() && !replaying) context.recorder = &recorder;
    fuse_session* session = new_image_session(context);
    if (session == nullptr) fail(config, "cannot create a FUSE session");

    auto mounted = fuse_mount(config.mount_point, config.helper);
    if (!mounted) fail(config, mounted.message());
    std::string fd_path = "/dev/fd/" + std::to_string(mounted->fd);
    if (fuse_session_mount(session, fd_path.c_str()) != 0) {
        (void)fuse_unmount(*mounted);
        fail(config, "cannot attach the FUSE session");
    }
    (void)os::write_all(config.ready_fd, "k");
    detach_from_terminal();

    std::atomic<bool> stop_replay{false};
    os::UniqueFd replay_done(replaying ? ::eventfd(0, EFD_CLOEXEC) : -1);
    std::thread replay;
    if (replaying && replay_done) {
        std::string walk_in = config.serve.replay_paths ? config.mount_point : "";
        Replay how{session, &**image, walk_in, kReplayBudgetMs};
        replay = std::thread([&, how] {
            replay_recording(how, recorded, context.initialized, stop_replay);
            uint64_t one = 1;
            (void)!::write(replay_done.get(), &one, sizeof one);
        });
    }
    serve_requests(session, mounted->fd, *lifetime, threads);
    stop_replay = true;
    if (replay.joinable()) {
        // A lookup the replay is making still needs an answer.
        serve_until(session, mounted->fd, replay_done.get());
        replay.join();
    }
    // Written while the lock is held, so the next launch that mounts afresh finds it.
    if (context.recorder != nullptr) {
        auto ranges = recorder.ranges();
        auto steps = recorder.steps();
        if (!ranges.empty() || !steps.empty()) {
            (void)os::replace_file(config.reads_path, make_recording(**image, ranges, steps));
        }
    }

    // A connection the kernel ended (the mount was unmounted from outside) leaves nothing of
    // this server's to unmount, and its mount point may already hold a later server's mount.
    pollfd connection{mounted->fd, POLLIN, 0};
    if (::poll(&connection, 1, 0) != 1 || (connection.revents & POLLERR) == 0)
        (void)fuse_unmount(*mounted);
    fuse_session_destroy(session);  // closes the connection
    ::rmdir(config.mount_point.c_str());
    lifetime->finished();
    ::close(config.ready_fd);  // tells a waiting --appimage-mount that the mount is gone
    // Housekeeping after the app is done, so no launch waits for it.
    std::string directory = config.mount_point.substr(0, config.mount_point.rfind('/'));
    remove_dead_mounts(*mounted, directory);
    ::_exit(0);
}

}  // namespace

void run_mount_server(const ServerConfig& config) {
    // This process is a fork of the launcher: an exception must never unwind into the
    // launcher's code and run the app a second time.
    try {
        serve_payload(config);
    } catch (const std::exception& e) {
        fail(config, std::string("unexpected failure: ") + e.what());
    } catch (...) {
        fail(config, "unexpected failure");
    }
}

}  // namespace squashrun::runtime
