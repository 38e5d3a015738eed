#include "metrics/metrics_endpoint.hpp"

#include "http/problem.hpp"

namespace hdoc::metrics {

std::shared_ptr<const http::Response> MetricsEndpoint::respond(const http::Request& request) {
  const std::string_view target = request.target;
  const std::string_view path = target.substr(0, target.find('?'));
  auto res = std::make_shared<http::Response>();
  if (path != "/metrics") {
    *res = http::problem(404, "no such route: only /metrics is served here", path);
  } else if (request.method != "GET" && request.method != "HEAD") {
    *res = http::problem(405, "method " + request.method + " is not allowed here", path);
    res->set("Allow", "GET, HEAD");
  } else {
    res->body = telemetry_.exposition();
    res->set("Content-Type", std::string(kExpositionType));
  }
  res->set("Cache-Control", "no-store");
  return res;
}

}  // namespace hdoc::metrics
