// Runs a command to completion with the given standard input and captures its output, for the
// tests of the `hdoc` command line.
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

// runCommand with HDOC_BINARY as argv[0].
CommandResult runHdoc(const std::vector<std::string>& args, const std::string& stdinText = "");

}  // namespace hdoc::testing
