#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace cascade::testing {

// A real child process (e.g. `cascade run`) that a test can watch and kill -9. Its stdout and
// stderr go to one file. The destructor kills and reaps it if it is still running.
class ChildProcess {
public:
    ChildProcess(const std::string& program, const std::vector<std::string>& args,
                 const std::filesystem::path& output);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }
    bool running();
    void kill_hard();  // SIGKILL: no chance to clean up
    // Waits for the end: the exit code, or 128 + the signal that ended it.
    int wait();
    // The main thread's state letter from /proc (R running, S sleeping, D disk...); 0 once gone.
    char state() const;

private:
    pid_t pid_ = -1;
    bool reaped_ = false;
    int status_ = 0;
};

}  // namespace cascade::testing
