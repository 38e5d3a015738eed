// Starts a real binary (hdoc) in a clean environment holding only what the test gives
// (AWS_LAMBDA_RUNTIME_API, HDOC_DB, ...), as Lambda starts a custom runtime's bootstrap, with stderr
// and stdout captured to files the test can read. Used by the Lambda emulator tests, the `hdoc serve` process
// tests and the Lambda benchmark.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hdoc::testing {

class ChildProcess {
 public:
  // argv[0] is `binary`; `environment` is the whole environment (PATH is added when absent).
  ChildProcess(const std::string& binary, const std::vector<std::string>& args,
               const std::map<std::string, std::string>& environment);
  ~ChildProcess();  // SIGKILLs and reaps the process if it still runs
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // The exit code (or 128 + signal) once the process ended, nullopt if still running at timeout.
  std::optional<int> waitExit(std::chrono::milliseconds timeout);
  void terminate(int signal);
  // Everything the process wrote to stderr so far.
  std::string stderrText() const;
  // Everything the process wrote to stdout so far (the Lambda host's EMF metric lines).
  std::string stdoutText() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> exitCode_;
  std::string stderrPath_;
  std::string stdoutPath_;
};

}  // namespace hdoc::testing
