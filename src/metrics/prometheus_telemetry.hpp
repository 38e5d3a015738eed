// `hdoc serve`'s metrics: a core::Telemetry that keeps prometheus-cpp counters, gauges and
// histograms, and renders them in the Prometheus text exposition format for GET /metrics.
//
// The request path pays a handful of atomic adds and one histogram mutex per request: every series
// a request touches is created once and then found through fixed arrays (route by the address of
// its pattern in the route table, method by index, status in a small per-route-and-method table),
// never through prometheus-cpp's label maps. Measured in bench/results/2026-12-02-metrics.md.
//
// Names and labels follow the Prometheus conventions (base units, _total counters, _seconds
// histograms); every label value comes from a fixed set (core/telemetry.hpp), so the number of
// series is bounded by the route table, not by what clients send.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/telemetry.hpp"
#include "http/response_cache.hpp"

namespace hdoc::metrics {

class PrometheusTelemetry final : public core::Telemetry {
 public:
  // `routes`: every route pattern a request may carry (http::routeTable()'s), besides
  // core::kUnmatchedRoute. `version`: hdoc_build_info's label.
  PrometheusTelemetry(std::span<const std::string_view> routes, std::string_view version);
  ~PrometheusTelemetry() override;

  // Read at every scrape for the hdoc_response_cache_* series (http::Api::cacheStats), with the
  // cache's budget; none when never set.
  void observeCache(std::function<http::CacheStats()> stats, std::size_t budgetBytes);

  // Everything, in the text exposition format (version 0.0.4).
  std::string exposition() const;

  void request(const core::RequestSample& sample) override;
  void connectionOpened() override;
  void connectionClosed() override;
  void storeOperation(std::string_view store, std::string_view operation, double seconds) override;
  void storeError(std::string_view kind) override;
  void consumedCapacity(std::string_view operation, double readUnits, double writeUnits) override;
  void authRefusal(std::string_view reason) override;
  void rateLimited() override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The media type of the text exposition format.
inline constexpr std::string_view kExpositionType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace hdoc::metrics
