// Chunk-by-chunk checks of a signed payload, the bounded cache of checked chunks, and the
// thread that checks ahead.
#include "runtime/image/verified_source.hpp"

#include <syslog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <list>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace squashrun::runtime {

// A checked chunk's bytes. Not zero-filled first (the file's bytes overwrite them at once):
// that would cost about a tenth of the hashing.
struct ChunkBytes {
    explicit ChunkBytes(size_t n) : bytes(new std::byte[n]), length(n) {}
    std::unique_ptr<std::byte[]> bytes;
    size_t length;
    std::byte* data() const { return bytes.get(); }
    size_t size() const { return length; }
    std::span<std::byte> span() const { return {bytes.get(), length}; }
};
using Chunk = std::shared_ptr<const ChunkBytes>;

struct VerifiedSource::State {
    std::shared_ptr<const core::ByteSource> file;
    uint64_t payload_offset = 0;
    uint64_t payload_length = 0;
    uint64_t chunk_count = 0;
    uint32_t chunk_size = 0;
    std::unique_ptr<ChunkTable> table;
    std::string name;
    std::string program;

    std::mutex lock;
    std::list<uint64_t> recent;  // most recently used first
    std::unordered_map<uint64_t, std::pair<Chunk, std::list<uint64_t>::iterator>> cache;
    std::unordered_set<std::string> reported;  // the lines reported
    // Chunks being checked right now: a reader that needs one waits for it (and meanwhile
    // checks a queued one) instead of hashing it a second time.
    std::unordered_set<uint64_t> in_flight;
    std::condition_variable done;  // a check has ended

    // The check-ahead thread: started by the first check in each process (a fork inherits
    // no threads), fed through `ahead`, stopped when the source goes.
    std::condition_variable wake;
    std::deque<uint64_t> ahead;
    size_t window = kFewestAhead;  // how many were queued at the last miss
    uint64_t stream_end = 0;       // the chunk just past them
    pid_t ahead_pid = 0;
    bool ahead_allowed = true;
    std::atomic<bool> stopping{false};

    Chunk cached(uint64_t index);  // lock held
    void keep(uint64_t index, const Chunk& chunk);
    core::Result<Chunk> check(uint64_t index, bool report_failure);
    // Checks `index` with the lock released and marked in flight meanwhile (lock held).
    core::Result<Chunk> check_in_flight(std::unique_lock<std::mutex>& held, uint64_t index,
                                        bool report_failure);
    // A queued chunk that nobody checks yet, taken off the queue; false when there is none.
    bool take_queued(uint64_t& index);  // lock held
    core::Result<Chunk> obtain(uint64_t index, const std::shared_ptr<State>& self);
    void report(const std::string& line);
    // Queues the chunks after `index` for the check-ahead thread (lock held).
    void check_ahead_of(uint64_t index, const std::shared_ptr<State>& self);
};

Chunk VerifiedSource::State::cached(uint64_t index) {
    auto at = cache.find(index);
    if (at == cache.end()) return nullptr;
    recent.splice(recent.begin(), recent, at->second.second);
    return at->second.first;
}

void VerifiedSource::State::keep(uint64_t index, const Chunk& chunk) {
    std::lock_guard<std::mutex> guard(lock);
    if (cache.count(index) != 0) return;
    recent.push_front(index);
    cache.emplace(index, std::make_pair(chunk, recent.begin()));
    while (cache.size() > kCachedChunks) {
        cache.erase(recent.back());
        recent.pop_back();
    }
}

void VerifiedSource::State::report(const std::string& line) {
    {
        std::lock_guard<std::mutex> guard(lock);
        if (!reported.insert(line).second) return;
    }
    std::string shown = program + ": " + line + "\n";
    (void)!::write(STDERR_FILENO, shown.data(), shown.size());
    ::syslog(LOG_ERR | LOG_USER, "%s: %s", program.c_str(), line.c_str());
}

// Reads chunk `index` into memory and compares its hash with the table's; only a chunk that
// matches is kept and returned.
core::Result<Chunk> VerifiedSource::State::check(uint64_t index, bool report_failure) {
    auto expected = table->hash_of(index);
    if (!expected) return expected.error();
    if (!expected->mismatch.empty()) {
        if (report_failure) report(name + ": " + expected->mismatch + "; refusing to read them");
        return core::make_error(expected->mismatch);
    }
    uint64_t start = index * chunk_size;
    size_t length = static_cast<size_t>(std::min<uint64_t>(chunk_size, payload_length - start));
    auto bytes = std::make_shared<ChunkBytes>(length);
    if (auto st = file->read_exact(payload_offset + start, bytes->span()); !st) return st.error();
    core::Hash256 hash = core::hash256(bytes->span());
    // Public values on both sides: a plain comparison (libsodium's constant-time one would
    // link its whole library set-up into the runtime).
    if (hash != expected->hash) {
        if (report_failure) {
            report(name + ": payload chunk " + std::to_string(index) + " (bytes " +
                   std::to_string(payload_offset + start) + "+" + std::to_string(chunk_size) +
                   ") does not match its signature; refusing to read it");
        }
        return core::make_error("payload chunk " + std::to_string(index) +
                                " does not match its signature");
    }
    Chunk chunk(bytes);
    keep(index, chunk);
    return chunk;
}

core::Result<Chunk> VerifiedSource::State::check_in_flight(std::unique_lock<std::mutex>& held,
                                                           uint64_t index, bool report_failure) {
    in_flight.insert(index);
    held.unlock();
    auto result = check(index, report_failure);
    held.lock();
    in_flight.erase(index);
    done.notify_all();
    return result;
}

bool VerifiedSource::State::take_queued(uint64_t& index) {
    while (!ahead.empty()) {
        index = ahead.front();
        ahead.pop_front();
        if (cache.count(index) == 0 && in_flight.count(index) == 0) return true;
    }
    return false;
}

core::Result<Chunk> VerifiedSource::State::obtain(uint64_t index,
                                                  const std::shared_ptr<State>& self) {
    std::unique_lock<std::mutex> held(lock);
    for (;;) {
        if (Chunk chunk = cached(index)) return chunk;
        if (in_flight.count(index) == 0) {
            check_ahead_of(index, self);
            return check_in_flight(held, index, true);
        }
        // Another thread checks it (a mismatch it does not report: then this one checks it
        // again, and reports). Meanwhile the wait is spent on a queued chunk.
        uint64_t other = 0;
        if (take_queued(other)) {
            (void)check_in_flight(held, other, false);
        } else {
            done.wait(held);
        }
    }
}

void VerifiedSource::State::check_ahead_of(uint64_t index, const std::shared_ptr<State>& self) {
    if (!ahead_allowed) return;
    if (ahead_pid != ::getpid()) {
        try {
            std::thread([self] {
                std::unique_lock<std::mutex> held(self->lock);
                for (;;) {
                    self->wake.wait(held, [&] { return self->stopping || !self->ahead.empty(); });
                    if (self->stopping) return;
                    uint64_t next = 0;
                    // A mismatch is reported by the read that needs the chunk, if any does.
                    if (self->take_queued(next)) (void)self->check_in_flight(held, next, false);
                }
            }).detach();
            ahead_pid = ::getpid();
        } catch (const std::system_error&) {
            return;  // no thread: chunks are checked when they are read, as before
        }
    }
    // A reader that has gone through the chunks checked ahead for it reads on: twice as many
    // next time. Any other miss starts again from the fewest, so scattered reads (an app's
    // start) do not make the other core hash chunks nobody reads.
    window = index == stream_end ? std::min(2 * window, kMostAhead) : kFewestAhead;
    stream_end = index + window + 1;
    for (uint64_t i = index + 1; i <= index + window && i < chunk_count; ++i) {
        if (cache.count(i) == 0 && in_flight.count(i) == 0 &&
            std::find(ahead.begin(), ahead.end(), i) == ahead.end()) {
            ahead.push_back(i);
        }
    }
    while (ahead.size() > 2 * kMostAhead)
        ahead.pop_front();
    wake.notify_one();
}

VerifiedSource::VerifiedSource(std::shared_ptr<const core::ByteSource> file,
                               const core::SignedHeader& header, CheckedTable table,
                               std::string name, std::string program)
    : state_(std::make_shared<State>()) {
    state_->file = std::move(file);
    state_->payload_offset = header.payload_offset;
    state_->payload_length = header.payload_length;
    state_->chunk_count = header.chunk_count;
    state_->chunk_size = header.chunk_size;
    state_->table = std::make_unique<ChunkTable>(state_->file, header, std::move(table));
    state_->name = std::move(name);
    state_->program = std::move(program);
}

VerifiedSource::~VerifiedSource() {
    std::lock_guard<std::mutex> guard(state_->lock);
    state_->stopping = true;
    state_->wake.notify_all();
}

void VerifiedSource::set_checking_ahead(bool on) {
    std::lock_guard<std::mutex> guard(state_->lock);
    state_->ahead_allowed = on;
}

uint64_t VerifiedSource::size() const {
    return state_->file->size();
}

core::Status VerifiedSource::read_exact(uint64_t offset, std::span<std::byte> out) const {
    State& s = *state_;
    if (out.empty()) return {};
    if (offset < s.payload_offset || offset - s.payload_offset > s.payload_length ||
        out.size() > s.payload_length - (offset - s.payload_offset)) {
        return core::make_error("read outside the signed payload");
    }
    uint64_t at = offset - s.payload_offset;
    size_t done = 0;
    while (done < out.size()) {
        uint64_t index = at / s.chunk_size;
        auto checked = s.obtain(index, state_);
        if (!checked) return checked.error();
        const Chunk& chunk = *checked;
        size_t within = static_cast<size_t>(at - index * s.chunk_size);
        size_t n = std::min(out.size() - done, chunk->size() - within);
        std::memcpy(out.data() + done, chunk->data() + within, n);
        done += n;
        at += n;
    }
    return {};
}

}  // namespace squashrun::runtime
