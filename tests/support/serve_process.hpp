// Helpers for tests that run `hdoc serve` as a real process (support/child_process.hpp starts it).
#pragma once

#include <chrono>

#include "support/child_process.hpp"

namespace hdoc::testing {

// Waits for the "listening" line `hdoc serve --listen 127.0.0.1:0` logs and returns the port it
// names; records a test failure and returns 0 when the process exits or `timeout` passes first.
unsigned short waitForListeningPort(ChildProcess& process,
                                    std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));

}  // namespace hdoc::testing
