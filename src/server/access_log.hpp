// The access log: one JSON object per request, one line, one write(2), so lines from several
// threads never interleave.
#pragma once

#include <string_view>

namespace hdoc::server {

struct AccessRecord {
  std::string_view method;
  std::string_view path;
  int status;
  std::size_t bytes;
  double durationMs;
  std::string_view remote;
};

void writeAccessLog(const AccessRecord& record);

}  // namespace hdoc::server
