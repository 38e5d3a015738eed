#include "lambda/runtime.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>
#include <utility>

#include "core/json_writer.hpp"
#include "http/access_log.hpp"
#include "lambda/apigw_event.hpp"

namespace hdoc::lambda {
namespace {

// One JSON object per line on stderr, one write (CloudWatch reads it): the level and the message,
// and the request id, init phase and error type where there is one.
void logLine(std::string_view level, std::string_view message, std::string_view requestId = {},
             std::string_view errorType = {}, std::string_view phase = {}) {
  const std::pair<std::string_view, std::string_view> fields[] = {{"requestId", requestId},
                                                                  {"level", level},
                                                                  {"phase", phase},
                                                                  {"errorType", errorType},
                                                                  {"message", message}};
  std::string line = "{";
  for (const auto& [name, value] : fields) {
    if (value.empty() && name != "message") continue;
    line += line.size() > 1 ? ",\"" : "\"";
    line += name;
    line += "\":";
    core::appendJsonString(line, value);
  }
  line += "}\n";
  std::fputs(line.c_str(), stderr);
}

// Each event sees only its own trace id: nothing of one invocation leaks into the next.
void setTraceId(const std::string& traceId) {
  if (traceId.empty()) {
    unsetenv("_X_AMZN_TRACE_ID");
  } else {
    setenv("_X_AMZN_TRACE_ID", traceId.c_str(), 1);
  }
}

}  // namespace

int serveInvocations(RuntimeClient& client, const EventHandler& handler, std::size_t maxInvocations) {
  for (std::size_t served = 0; maxInvocations == 0 || served < maxInvocations; ++served) {
    Invocation invocation;
    try {
      invocation = client.next();
    } catch (const std::exception& e) {
      logLine("fatal", e.what());
      return 1;
    }
    setTraceId(invocation.traceId);
    try {
      std::string payload;
      try {
        payload = handler(invocation);
      } catch (const InvalidEvent& e) {
        client.postError(invocation.requestId, {"Runtime.InvalidEvent", e.what()});
        logLine("error", e.what(), invocation.requestId, "Runtime.InvalidEvent");
        continue;
      } catch (const std::exception& e) {
        client.postError(invocation.requestId, {"Runtime.HandlerError", e.what()});
        logLine("error", e.what(), invocation.requestId, "Runtime.HandlerError");
        continue;
      }
      client.postResponse(invocation.requestId, payload);
    } catch (const RuntimeApiError& e) {
      logLine("fatal", e.what());
      return 1;
    } catch (const std::exception& e) {
      // The Runtime API refused this one post (e.g. 413 payload too large): the invocation is
      // lost, the environment is fine.
      logLine("error", e.what(), invocation.requestId);
    }
  }
  return 0;
}

void reportInitError(RuntimeClient& client, std::string_view message) {
  logLine("fatal", message, {}, {}, "init");
  try {
    client.postInitError({"Runtime.InitError", std::string(message)});
  } catch (const std::exception& postFailure) {
    logLine("fatal", postFailure.what());
  }
}

std::string handleApiGatewayEvent(http::Api& api, const Invocation& invocation, InvocationMetrics* metrics) {
  const auto start = std::chrono::steady_clock::now();
  DecodedEvent event = decodeEvent(invocation.event);
  const http::Response response = api.handle(event.request);
  int status = response.status;  // what the client gets: a 500 when the answer does not fit Lambda's cap
  std::string payload = encodeResponse(response, event.format, &status);
  const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start);
  const std::string_view target = event.request.target;
  const std::size_t bodyBytes = event.request.method == "HEAD" ? 0 : response.body.size();
  http::writeAccessLog({event.request.method,
                        target.substr(0, target.find('?')),
                        status,
                        bodyBytes,
                        elapsed.count() * 1000.0,
                        {},
                        invocation.requestId});
  if (metrics) {
    metrics->request(
        {response.route, core::methodLabel(event.request.method), status, elapsed.count(), bodyBytes});
    if (auto line = metrics->takeLine(unixMillis())) writeMetricsLine(*line);
  }
  return payload;
}

int serveApi(RuntimeClient& client, http::Api& api, InvocationMetrics* metrics, std::size_t maxInvocations) {
  return serveInvocations(
      client,
      [&api, metrics](const Invocation& invocation) {
        if (metrics) metrics->discard();  // nothing of a failed invocation leaks into this one
        return handleApiGatewayEvent(api, invocation, metrics);
      },
      maxInvocations);
}

void writeMetricsLine(const std::string& line) {
  // One write(2): a line is never split among other output. A failed write must never fail the
  // invocation.
  [[maybe_unused]] auto written = ::write(STDOUT_FILENO, line.data(), line.size());
}

}  // namespace hdoc::lambda
