// The Lambda host's loop: one API Gateway event at a time through the Runtime API, each answered by
// an http::Api. What the Api serves (the store, the configuration) is wired in src/main
// (lambda_command.cpp); this layer only speaks the Runtime API and the event format.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "http/api.hpp"
#include "lambda/emf.hpp"
#include "lambda/runtime_client.hpp"

namespace hdoc::lambda {

// Turns one event into the payload to post; throws to report an invocation error.
using EventHandler = std::function<std::string(const Invocation&)>;

// The loop itself: next -> handle -> response or error, forever (or until maxInvocations events were
// handled, when it is non-zero). Sets _X_AMZN_TRACE_ID for each event. Returns non-zero when the
// Runtime API fails: the environment is broken and the process should exit.
int serveInvocations(RuntimeClient& client, const EventHandler& handler, std::size_t maxInvocations = 0);

// What a host does when its init fails, before the first event: logs the message and posts it to
// /runtime/init/error as Runtime.InitError (Lambda then records it and stops the environment). The
// caller exits non-zero afterwards.
void reportInitError(RuntimeClient& client, std::string_view message);

// One invocation through `api`: decodes the API Gateway event, answers it, encodes the proxy response
// in the event's payload format and writes one access-log line (stderr) and, with `metrics`, the
// invocation's EMF line (stdout). Throws InvalidEvent for an event that is not an API Gateway proxy
// event.
std::string handleApiGatewayEvent(http::Api& api, const Invocation& invocation,
                                  InvocationMetrics* metrics = nullptr);

// serveInvocations with handleApiGatewayEvent: what the host runs once its init is done.
int serveApi(RuntimeClient& client, http::Api& api, InvocationMetrics* metrics = nullptr,
             std::size_t maxInvocations = 0);

// Writes one EMF line (emf.hpp) on stdout, in one write.
void writeMetricsLine(const std::string& line);

}  // namespace hdoc::lambda
