// Running programs as child processes for tests: argv, environment, stdin, captured output.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "os/spawn.hpp"

namespace squashrun::test {

struct Command {
    std::vector<std::string> argv;
    std::map<std::string, std::optional<std::string>> env;  // nullopt unsets
    std::string cwd;
    std::string input;  // written to stdin, then closed

    static Command of(std::vector<std::string> argv) {
        Command c;
        c.argv = std::move(argv);
        return c;
    }
};

struct Outcome {
    int status = -1;  // raw wait status
    std::string out;
    std::string err;

    bool exited() const;
    int exit_code() const;  // -1 when killed
    int signal() const;     // 0 when exited
    std::string describe() const;
};

// A started child; its stdout and stderr are pipes read by the test.
class Child {
  public:
    explicit Child(const Command& command);
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    ~Child();

    pid_t pid() const { return pid_; }  // -1 when the program could not start
    // Reads stdout until a full line arrives (without the newline), or times out (nullopt).
    std::optional<std::string> read_line(std::chrono::milliseconds timeout);
    void send(int signal_number) const;
    // Collects the rest of the output and the exit status; kills the child after `timeout`.
    Outcome finish(std::chrono::milliseconds timeout = std::chrono::seconds(30));

  private:
    bool pump(std::chrono::milliseconds timeout);
    std::optional<os::Process> process_;  // empty when the program could not start
    pid_t pid_ = -1;
    int out_fd_ = -1;
    int err_fd_ = -1;
    std::string out_, err_;
    std::optional<int> status_;
    std::thread writer_;
};

Outcome run(const Command& command, std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace squashrun::test
