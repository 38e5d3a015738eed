// Runs a command to completion with the given standard input and captures its output (the hdoc
// binary through support/hdoc_process.hpp, Node.js checkers, ...).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace hdoc::testing {

struct CommandResult {
  int exitCode = -1;  // 128 + signal when killed
  std::string out;
  std::string err;
};

// argv[0] is the program path; `extraEnv` is added to the current environment.
CommandResult runCommand(const std::vector<std::string>& argv, const std::string& stdinText = "",
                         const std::map<std::string, std::string>& extraEnv = {});

}  // namespace hdoc::testing
