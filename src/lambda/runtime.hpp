// The Lambda host: one process, started once per execution environment, that initialises the
// store and the API, then serves one API Gateway event at a time through the Runtime API.
#pragma once

#include <functional>
#include <string>

#include "lambda/runtime_client.hpp"

namespace hdoc::lambda {

// Serves events until the Runtime API fails (then returns non-zero): init reads the configuration
// and opens the store (one ping, so an unreachable table is an init error), a failure there goes to
// /runtime/init/error and the process exits 1. Needs AWS_LAMBDA_RUNTIME_API (exit 2 without it).
// This is what `hdoc lambda` and a bootstrap started by Lambda run.
int runFromEnvironment();

// Turns one event into the payload to post; throws to report an invocation error.
using EventHandler = std::function<std::string(const Invocation&)>;

// The loop itself, separated for tests: next -> handle -> response or error, forever (or until
// maxInvocations events were handled, when it is non-zero). Sets _X_AMZN_TRACE_ID for each event.
int serveInvocations(RuntimeClient& client, const EventHandler& handler, std::size_t maxInvocations = 0);

}  // namespace hdoc::lambda
