#include "http/access_log.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

#include "core/json_writer.hpp"

namespace hdoc::http {

void writeAccessLog(const AccessRecord& r) {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char time[96];
  std::snprintf(time, sizeof time, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  std::string line = "{\"time\":\"";
  line += time;
  line += "\",\"method\":";
  core::appendJsonString(line, r.method);
  line += ",\"path\":";
  core::appendJsonString(line, r.path);
  char numbers[96];
  std::snprintf(numbers, sizeof numbers, ",\"status\":%d,\"bytes\":%zu,\"durationMs\":%.3f", r.status,
                r.bytes, r.durationMs);
  line += numbers;
  if (!r.remote.empty()) {
    line += ",\"remote\":";
    core::appendJsonString(line, r.remote);
  }
  if (!r.requestId.empty()) {
    line += ",\"requestId\":";
    core::appendJsonString(line, r.requestId);
  }
  line += "}\n";
  // A failed log write must never fail the request.
  [[maybe_unused]] auto written = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace hdoc::http
