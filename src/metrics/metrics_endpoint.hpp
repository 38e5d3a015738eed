// What `hdoc serve --metrics-listen HOST:PORT` serves on that listener, and only there: GET (or
// HEAD) /metrics, the Prometheus text exposition of a PrometheusTelemetry; 404 for any other path,
// 405 for other methods, as problem+json like the API. Kept off the public listener, so that
// nobody outside can read the server's traffic figures unless the operator binds it so.
#pragma once

#include "http/responder.hpp"
#include "metrics/prometheus_telemetry.hpp"

namespace hdoc::metrics {

class MetricsEndpoint final : public http::Responder {
 public:
  explicit MetricsEndpoint(const PrometheusTelemetry& telemetry) : telemetry_(telemetry) {}

  std::shared_ptr<const http::Response> respond(const http::Request& request) override;

 private:
  const PrometheusTelemetry& telemetry_;
};

}  // namespace hdoc::metrics
