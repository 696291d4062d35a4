#include "childprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "cascade/core/error.h"

extern char** environ;

namespace cascade::testing {

namespace {

int exit_code(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

}  // namespace

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args,
                           const std::filesystem::path& output) {
    std::vector<std::string> strings{program};
    strings.insert(strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& text : strings) argv.push_back(text.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string out = output.string();
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    const int failed = posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (failed != 0) throw Error("cannot start " + program + ": " + std::strerror(failed));
}

ChildProcess::~ChildProcess() {
    if (reaped_) return;
    kill_hard();
    wait();
}

bool ChildProcess::running() {
    if (reaped_) return false;
    int status = 0;
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
        reaped_ = true;
        status_ = status;
    }
    return !reaped_;
}

void ChildProcess::kill_hard() {
    if (!reaped_) ::kill(pid_, SIGKILL);
}

int ChildProcess::wait() {
    while (!reaped_) {
        int status = 0;
        const pid_t done = ::waitpid(pid_, &status, 0);
        if (done == pid_) {
            reaped_ = true;
            status_ = status;
        } else if (done < 0 && errno != EINTR) {
            throw Error(std::string("waitpid: ") + std::strerror(errno));
        }
    }
    return exit_code(status_);
}

char ChildProcess::state() const {
    if (reaped_) return 0;
    std::ifstream stat("/proc/" + std::to_string(pid_) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return 0;
    // "pid (comm) S ...": the command may hold spaces and parentheses, the state follows the last
    // ')'.
    const auto close = line.rfind(')');
    if (close == std::string::npos || close + 2 >= line.size()) return 0;
    return line[close + 2];
}

}  // namespace cascade::testing
