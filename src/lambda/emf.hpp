// The Lambda host's metrics: CloudWatch Embedded Metric Format, one JSON document per invocation
// written as one line on stdout, which Lambda sends to CloudWatch Logs, where CloudWatch extracts
// the metrics with no agent and no PutMetricData call (no extra latency, no extra permission).
//
// InvocationMetrics is the core::Telemetry of one execution environment: the store and the Api
// report to it while an invocation runs (Lambda runs one at a time per environment), and the host
// takes the invocation's line when it has answered. The metric names, units and dimension sets
// are documented in docs/operations.md; they are chosen so that the number of CloudWatch metrics
// is bounded by the route table (Route is a route pattern, never a path):
//   [Stage, Route, Status] and [Stage, StatusClass]: Requests
//   [Stage, Route] and [Stage]: Latency, StoreLatency, ReadCapacityUnits, WriteCapacityUnits
//   [Stage]: StoreErrors, AuthRefusals, RateLimited, ResponseBytes
// and, once per environment, [Stage]: InitDuration, ColdStarts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/telemetry.hpp"

namespace hdoc::lambda {

struct EmfSettings {
  std::string metricNamespace = "hdoc";  // HDOC_METRICS_NAMESPACE
  std::string stage = "local";           // HDOC_STAGE
};

// What one invocation measured.
struct InvocationFigures {
  core::RequestSample request;
  std::vector<double> storeMilliseconds;  // one per store call, at most kMaxValues
  std::size_t storeErrors = 0;
  double readCapacityUnits = 0, writeCapacityUnits = 0;
  std::size_t authRefusals = 0, rateLimited = 0;
};

// EMF allows at most 100 values in one metric's array; store calls past that are left out of
// StoreLatency (an invocation never makes that many: pages are bounded).
inline constexpr std::size_t kMaxValues = 100;

// The EMF document of one invocation, as one line (with its '\n'); `timestampMs` is the Unix time.
std::string invocationLine(const EmfSettings& settings, const InvocationFigures& figures,
                           std::int64_t timestampMs);
// The document of an execution environment's init: InitDuration and ColdStarts (1).
std::string initLine(const EmfSettings& settings, double initMilliseconds, std::int64_t timestampMs);

class InvocationMetrics final : public core::Telemetry {
 public:
  explicit InvocationMetrics(EmfSettings settings) : settings_(std::move(settings)) {}

  const EmfSettings& settings() const { return settings_; }
  // The line of the invocation answered since the last call (reported with request()), and a fresh
  // start for the next; nullopt when no request was reported.
  std::optional<std::string> takeLine(std::int64_t timestampMs);
  // Drops what was gathered since the last takeLine (the init's calls, a failed invocation's).
  void discard();

  void request(const core::RequestSample& sample) override;
  void storeOperation(std::string_view store, std::string_view operation, double seconds) override;
  void storeError(std::string_view kind) override;
  void consumedCapacity(std::string_view operation, double readUnits, double writeUnits) override;
  void authRefusal(std::string_view reason) override;
  void rateLimited() override;

 private:
  EmfSettings settings_;
  std::mutex mutex_;  // store calls may come from other threads than the host's
  InvocationFigures figures_;
  bool answered_ = false;
};

// The current Unix time in milliseconds (EMF's Timestamp).
std::int64_t unixMillis();

}  // namespace hdoc::lambda
