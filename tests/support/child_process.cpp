#include "support/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace hdoc::testing {

ChildProcess::ChildProcess(const std::string& binary, const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& environment) {
  char path[] = "/tmp/hdoc-lambda-stderr-XXXXXX";
  const int logFd = ::mkstemp(path);
  if (logFd < 0) throw std::runtime_error("mkstemp failed");
  stderrPath_ = path;
  char outPath[] = "/tmp/hdoc-lambda-stdout-XXXXXX";
  const int outFd = ::mkstemp(outPath);
  if (outFd < 0) throw std::runtime_error("mkstemp failed");
  stdoutPath_ = outPath;

  // Prepared before fork: the child only calls async-signal-safe functions.
  std::vector<std::string> envStrings;
  for (const auto& [k, v] : environment) envStrings.push_back(k + "=" + v);
  if (environment.count("PATH") == 0) envStrings.push_back("PATH=/usr/local/bin:/usr/bin:/bin");
  std::vector<char*> envp;
  for (auto& s : envStrings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argStrings{binary};
  argStrings.insert(argStrings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : argStrings) argv.push_back(s.data());
  argv.push_back(nullptr);

  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::dup2(logFd, STDERR_FILENO);
    ::dup2(outFd, STDOUT_FILENO);
    const int devnull = ::open("/dev/null", O_RDWR);
    ::dup2(devnull, STDIN_FILENO);
    ::execve(binary.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(logFd);
  ::close(outFd);
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !exitCode_) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  if (!stderrPath_.empty()) ::unlink(stderrPath_.c_str());
  if (!stdoutPath_.empty()) ::unlink(stdoutPath_.c_str());
}

std::optional<int> ChildProcess::waitExit(std::chrono::milliseconds timeout) {
  if (exitCode_) return exitCode_;
  const auto end = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exitCode_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return exitCode_;
    }
    if (std::chrono::steady_clock::now() >= end) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

void ChildProcess::terminate(int signal) {
  if (pid_ > 0 && !exitCode_) ::kill(pid_, signal);
}

namespace {

std::string fileText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string ChildProcess::stderrText() const {
  return fileText(stderrPath_);
}

std::string ChildProcess::stdoutText() const {
  return fileText(stdoutPath_);
}

}  // namespace hdoc::testing
