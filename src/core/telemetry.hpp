// What hdoc measures about itself, as events, with no idea where they go: every layer reports to a
// Telemetry, and each host picks the sink (`hdoc serve`: Prometheus counters and histograms scraped
// from --metrics-listen, src/metrics; Lambda: one CloudWatch Embedded Metric Format line per
// invocation, src/lambda/emf). The base class is the sink that drops everything, so code that is
// not measured passes nothing and pays one virtual call.
//
// Every label a sink sees comes from a fixed set (route patterns of the route table, the method set
// of methodLabel, status codes hdoc itself answers, store call names, DynamoDB operation names,
// refusal reasons), never from a client's bytes: a client spraying paths or methods creates no new
// series.
#pragma once

#include <cstddef>
#include <string_view>

namespace hdoc::core {

// One answered request, as its host saw it.
struct RequestSample {
  std::string_view route;   // the route's pattern ("/users/{githubProfile}"), or kUnmatchedRoute
  std::string_view method;  // methodLabel(request method)
  int status = 0;
  double seconds = 0;  // from the request's first byte to its answer's last
  std::size_t bodyBytes = 0;
};

// The route label of a request that matched no route (unknown path, malformed target).
inline constexpr std::string_view kUnmatchedRoute = "unmatched";

// The label of an HTTP method: one of the methods HTTP defines that hdoc may see, else "other".
std::string_view methodLabel(std::string_view method);

class Telemetry {
 public:
  virtual ~Telemetry() = default;

  // A host answered a request.
  virtual void request(const RequestSample&) {}
  // A client connection opened or closed (hosts with connections of their own).
  virtual void connectionOpened() {}
  virtual void connectionClosed() {}

  // One call of the store seam (store::Store) took `seconds`; `operation` is the call's name.
  virtual void storeOperation(std::string_view /*store*/, std::string_view /*operation*/,
                              double /*seconds*/) {}
  // A store call failed: "unavailable", "conflict", "invalid" (store::StoreError's kinds) or "other".
  virtual void storeError(std::string_view /*kind*/) {}
  // DynamoDB reported the capacity one request consumed (ReturnConsumedCapacity TOTAL).
  virtual void consumedCapacity(std::string_view /*operation*/, double /*readUnits*/, double /*writeUnits*/) {
  }

  // A write was refused by authentication; `reason` is a fixed name ("missing_token", "expired", ...).
  virtual void authRefusal(std::string_view /*reason*/) {}
  // A write was refused by the per-caller rate limit (429).
  virtual void rateLimited() {}
};

// The shared sink that drops everything.
Telemetry& noTelemetry();

}  // namespace hdoc::core
