// The access log both hosts write: one JSON object per request on stderr, one line, one write(2),
// so lines from several threads never interleave. The fields (time, method, path, status, bytes,
// durationMs, remote, requestId) are what docs/operations.md's Logs Insights queries read.
#pragma once

#include <cstddef>
#include <string_view>

namespace hdoc::http {

struct AccessRecord {
  std::string_view method;
  std::string_view path;
  int status;
  std::size_t bytes;
  double durationMs;
  std::string_view remote;     // "ip:port" (server); empty on Lambda
  std::string_view requestId;  // the Lambda request id; empty in the server
};

void writeAccessLog(const AccessRecord& record);

}  // namespace hdoc::http
