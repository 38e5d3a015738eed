// The hdoc binary of this build, run as a process: the tests of the command line and of the hosts
// started as Lambda or a shell would start them. The only support file that needs the binary built
// (HDOC_BINARY), so it sits in its own library (tests/CMakeLists.txt).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/run_command.hpp"

namespace hdoc::testing {

// The path of the build's hdoc.
std::string hdocBinary();

// runCommand with hdocBinary() as argv[0].
CommandResult runHdoc(const std::vector<std::string>& args, const std::string& stdinText = "");

// Waits for the "listening" line `hdoc serve --listen 127.0.0.1:0` logs and returns the port it
// names; records a test failure and returns 0 when the process exits or `timeout` passes first.
unsigned short waitForListeningPort(ChildProcess& process,
                                    std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));

}  // namespace hdoc::testing
