// PrometheusTelemetry on its own: figures from many threads at once all arrive, in the series of
// their route pattern; every label set stays bounded.
#include "metrics/prometheus_telemetry.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <thread>
#include <vector>

namespace hdoc::metrics {
namespace {

const std::vector<std::string_view> kRoutes{"/users", "/users/{githubProfile}", "/leaderboard"};

double sampleValue(const std::string& exposition, const std::string& line) {
  const auto at = exposition.find(line + " ");
  if (at == std::string::npos) return -1;
  return std::stod(exposition.substr(at + line.size() + 1));
}

TEST(PrometheusTelemetry, CountsEveryRequestFromManyThreadsAtOnce) {
  PrometheusTelemetry telemetry(kRoutes, "t");
  constexpr int kThreads = 4, kEach = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&telemetry, t] {
      // Each thread uses statuses in another order, so that the status tables fill concurrently.
      const int statuses[] = {200, 304, 404, 400, 500, 201, 204, 409};
      for (int i = 0; i < kEach; ++i) {
        telemetry.request({kRoutes[static_cast<std::size_t>(i) % kRoutes.size()], "GET",
                           statuses[(static_cast<std::size_t>(i) + static_cast<std::size_t>(t)) % 8], 0.001,
                           1});
      }
    });
  }
  for (auto& t : threads) t.join();
  const std::string text = telemetry.exposition();
  double total = 0;
  std::size_t series = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("hdoc_http_requests_total{")) continue;
    total += std::stod(line.substr(line.rfind(' ') + 1));
    ++series;
  }
  EXPECT_EQ(total, kThreads * kEach);
  EXPECT_EQ(series, kRoutes.size() * 8);
  EXPECT_EQ(sampleValue(text, R"(hdoc_http_request_duration_seconds_count{method="GET",route="/users"})"),
            kThreads * ((kEach + 2) / 3));  // i % 3 == 0 of each thread's 0..kEach-1
}

TEST(PrometheusTelemetry, PutsAnUnknownRouteUnderUnmatchedAndAnUnknownMethodUnderOther) {
  PrometheusTelemetry telemetry(kRoutes, "t");
  const std::string notInTable = "/made/up/path";
  telemetry.request({notInTable, "BREW", 404, 0.001, 10});
  const std::string text = telemetry.exposition();
  EXPECT_EQ(sampleValue(text, R"(hdoc_http_requests_total{method="other",route="unmatched",status="404"})"),
            1);
  EXPECT_EQ(text.find("/made/up"), std::string::npos);
  EXPECT_EQ(text.find("BREW"), std::string::npos);
}

TEST(PrometheusTelemetry, BoundsTheSeriesOfEveryLabelledFamily) {
  PrometheusTelemetry telemetry(kRoutes, "t");
  // A programming error that passed client bytes as a label would still not grow without bound.
  for (int i = 0; i < 5000; ++i) telemetry.authRefusal("reason-" + std::to_string(i));
  const std::string text = telemetry.exposition();
  std::size_t series = 0;
  for (std::size_t at = text.find("hdoc_auth_refusals_total{"); at != std::string::npos;
       at = text.find("hdoc_auth_refusals_total{", at + 1))
    ++series;
  EXPECT_LE(series, 129u);
  EXPECT_EQ(sampleValue(text, R"(hdoc_auth_refusals_total{reason="other"})"), 5000 - 128);
}

}  // namespace
}  // namespace hdoc::metrics
