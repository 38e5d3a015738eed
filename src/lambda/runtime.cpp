#include "lambda/runtime.hpp"

#include <curl/curl.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>

#include "http/access_log.hpp"
#include "http/api.hpp"
#include "lambda/apigw_event.hpp"
#include "lambda/config.hpp"
#include "store/factory.hpp"

namespace hdoc::lambda {
namespace {

// JSON string escaping for the one log line per invocation (CloudWatch reads stderr).
std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

void logLine(const std::string& line) {
  std::fputs(line.c_str(), stderr);
  std::fputc('\n', stderr);
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
      logLine("{\"level\":\"fatal\",\"message\":" + quoted(e.what()) + "}");
      return 1;
    }
    setTraceId(invocation.traceId);
    try {
      std::string payload;
      try {
        payload = handler(invocation);
      } catch (const InvalidEvent& e) {
        client.postError(invocation.requestId, {"Runtime.InvalidEvent", e.what()});
        logLine("{\"requestId\":" + quoted(invocation.requestId) +
                ",\"level\":\"error\",\"errorType\":\"Runtime.InvalidEvent\",\"message\":" +
                quoted(e.what()) + "}");
        continue;
      } catch (const std::exception& e) {
        client.postError(invocation.requestId, {"Runtime.HandlerError", e.what()});
        logLine("{\"requestId\":" + quoted(invocation.requestId) +
                ",\"level\":\"error\",\"errorType\":\"Runtime.HandlerError\",\"message\":" +
                quoted(e.what()) + "}");
        continue;
      }
      client.postResponse(invocation.requestId, payload);
    } catch (const RuntimeApiError& e) {
      logLine("{\"level\":\"fatal\",\"message\":" + quoted(e.what()) + "}");
      return 1;
    } catch (const std::exception& e) {
      // The Runtime API refused this one post (e.g. 413 payload too large): the invocation is
      // lost, the environment is fine.
      logLine("{\"requestId\":" + quoted(invocation.requestId) +
              ",\"level\":\"error\",\"message\":" + quoted(e.what()) + "}");
    }
  }
  return 0;
}

int runFromEnvironment() {
  const char* endpoint = std::getenv("AWS_LAMBDA_RUNTIME_API");
  if (endpoint == nullptr || *endpoint == '\0') {
    std::fprintf(stderr,
                 "hdoc lambda: AWS_LAMBDA_RUNTIME_API is not set (this command runs inside Lambda)\n");
    return 2;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  std::unique_ptr<RuntimeClient> client;
  try {
    client = std::make_unique<RuntimeClient>(endpoint);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hdoc lambda: %s\n", e.what());
    return 1;
  }

  // Init, once per execution environment, before the first /next.
  std::unique_ptr<store::Store> store;
  std::unique_ptr<http::Api> api;
  try {
    LambdaConfig config = configFromEnvironment();
    store = store::openStore(config.store);
    store->ping();
    api = std::make_unique<http::Api>(*store, std::move(config.api));
  } catch (const std::exception& e) {
    logLine("{\"level\":\"fatal\",\"phase\":\"init\",\"message\":" + quoted(e.what()) + "}");
    try {
      client->postInitError({"Runtime.InitError", e.what()});
    } catch (const std::exception& postFailure) {
      logLine("{\"level\":\"fatal\",\"message\":" + quoted(postFailure.what()) + "}");
    }
    return 1;
  }

  return serveInvocations(*client, [&api](const Invocation& invocation) {
    const auto start = std::chrono::steady_clock::now();
    DecodedEvent event = decodeEvent(invocation.event);
    const http::Response response = api->handle(event.request);
    std::string payload = encodeResponse(response, event.format);
    const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
    const std::string_view target = event.request.target;
    http::writeAccessLog({event.request.method,
                          target.substr(0, target.find('?')),
                          response.status,
                          response.body.size(),
                          elapsed.count(),
                          {},
                          invocation.requestId});
    return payload;
  });
}

}  // namespace hdoc::lambda
