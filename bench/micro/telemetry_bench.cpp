// What the request path pays for metrics, per request, without the noise of a loopback benchmark:
// a host's one telemetry.request() call with metrics off (the no-op sink) and on (PrometheusTelemetry),
// from one thread and from two at once on the same series (the worst case: the two event loops of a
// 2-CPU server answering the same route).
#include <benchmark/benchmark.h>

#include <vector>

#include "core/telemetry.hpp"
#include "metrics/prometheus_telemetry.hpp"

namespace {

const std::vector<std::string_view> kRoutes{"/healthz",      "/users",
                                            "/users/recent", "/users/{githubProfile}",
                                            "/leaderboard",  "/leaderboard/{limit}",
                                            "/articles",     "/articles/{tag}",
                                            "/tags"};

hdoc::core::RequestSample sample() {
  return {kRoutes.back(), "GET", 200, 0.00012, 612};  // /tags: the last row, the longest lookup
}

void metricsOff(benchmark::State& state) {
  hdoc::core::Telemetry& telemetry = hdoc::core::noTelemetry();
  const auto s = sample();
  for (auto _ : state) {
    telemetry.request(s);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(metricsOff);

hdoc::metrics::PrometheusTelemetry& shared() {
  static hdoc::metrics::PrometheusTelemetry telemetry(kRoutes, "bench");
  return telemetry;
}

void metricsOn(benchmark::State& state) {
  hdoc::core::Telemetry& telemetry = shared();
  const auto s = sample();
  for (auto _ : state) telemetry.request(s);
}
BENCHMARK(metricsOn)->Threads(1)->Threads(2);

void methodLabel(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(hdoc::core::methodLabel("OPTIONS"));
}
BENCHMARK(methodLabel);

}  // namespace
