// The Lambda Runtime API (version 2018-06-01) client, over libcurl with one reused connection:
// GET  /runtime/invocation/next, POST /runtime/invocation/{id}/response,
// POST /runtime/invocation/{id}/error, POST /runtime/init/error.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hdoc::lambda {

// The Runtime API could not be reached or answered something the protocol does not allow; the
// only safe reaction is to exit and let Lambda start a fresh environment.
class RuntimeApiError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Invocation {
  std::string requestId;        // Lambda-Runtime-Aws-Request-Id
  std::int64_t deadlineMs = 0;  // Lambda-Runtime-Deadline-Ms (Unix epoch milliseconds), 0 if absent
  std::string traceId;          // Lambda-Runtime-Trace-Id (X-Ray), may be empty
  std::string functionArn;      // Lambda-Runtime-Invoked-Function-Arn
  std::string event;            // the payload
};

// What /error and /init/error receive: {"errorMessage": ..., "errorType": ...}, with errorType
// repeated in the Lambda-Runtime-Function-Error-Type header.
struct ErrorReport {
  std::string errorType;
  std::string errorMessage;
};

class RuntimeClient {
 public:
  // endpoint: the value of AWS_LAMBDA_RUNTIME_API, "host:port".
  explicit RuntimeClient(const std::string& endpoint);
  ~RuntimeClient();
  RuntimeClient(const RuntimeClient&) = delete;
  RuntimeClient& operator=(const RuntimeClient&) = delete;

  // Blocks (no timeout, as the protocol asks) until Lambda hands over the next event.
  Invocation next();
  void postResponse(const std::string& requestId, std::string_view payload);
  void postError(const std::string& requestId, const ErrorReport& error);
  void postInitError(const ErrorReport& error);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// {"errorMessage":..., "errorType":...} as the Runtime API expects it.
std::string errorPayload(const ErrorReport& error);

}  // namespace hdoc::lambda
