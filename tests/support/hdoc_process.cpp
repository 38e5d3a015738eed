#include "support/hdoc_process.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace hdoc::testing {

std::string hdocBinary() {
  return HDOC_BINARY;
}

CommandResult runHdoc(const std::vector<std::string>& args, const std::string& stdinText) {
  std::vector<std::string> argv{hdocBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return runCommand(argv, stdinText);
}

unsigned short waitForListeningPort(ChildProcess& process, std::chrono::milliseconds timeout) {
  const std::regex listening(R"re("msg":"listening","address":"127\.0\.0\.1:(\d+)")re");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch m;
    const std::string err = process.stderrText();
    if (std::regex_search(err, m, listening)) return static_cast<unsigned short>(std::stoi(m[1]));
    if (process.waitExit(std::chrono::milliseconds(10))) break;
  }
  ADD_FAILURE() << "hdoc serve did not start: " << process.stderrText();
  return 0;
}

}  // namespace hdoc::testing
