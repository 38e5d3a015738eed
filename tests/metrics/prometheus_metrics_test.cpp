// `hdoc serve`'s metrics end to end: the real server on loopback, a real SQLite file behind a
// MeteredStore, the metrics endpoint on a second listener, and the exposition read back by the
// Prometheus project's own parser (parse_exposition.py, Debian's python3-prometheus-client):
// names, types, labels, values after a scripted set of requests; counters that only grow; a client
// spraying 10,000 distinct paths and methods adds no series; the Grafana dashboard in docs/ asks
// only for series hdoc exposes.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include "http/routes.hpp"
#include "metrics/metrics_endpoint.hpp"
#include "metrics/prometheus_telemetry.hpp"
#include "server/server.hpp"
#include "store/metered_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"
#include "support/test_server.hpp"

namespace hdoc::metrics {
namespace {

namespace json = boost::json;
using Labels = std::map<std::string, std::string>;

struct Sample {
  std::string name;
  Labels labels;
  double value;
};
struct Family {
  std::string type;
  std::vector<Sample> samples;
};
// By family name as the parser names it (a counter's without "_total").
using Exposition = std::map<std::string, Family>;

class MetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sqlite = std::make_unique<store::SqliteStore>(dir_.file("hdoc.db"));
    testing::importFixtures(*sqlite);
    store_ = std::make_unique<store::MeteredStore>(std::move(sqlite), telemetry_);
    http::ApiConfig api;
    api.telemetry = &telemetry_;
    server::ServerConfig config;
    config.port = 0;
    config.accessLog = false;
    config.telemetry = &telemetry_;
    server_ = std::make_unique<testing::TestServer>(*store_, api, config);
    telemetry_.observeCache([this] { return server_->api().cacheStats(); }, api.cacheBytes);

    server::ServerConfig metricsConfig;
    metricsConfig.port = 0;
    metricsConfig.threads = 1;
    metricsConfig.queryThreads = 1;
    metricsConfig.accessLog = false;
    metricsServer_ = std::make_unique<server::Server>(endpoint_, metricsConfig);
    metricsServer_->listen();
    metricsThread_ = std::thread([this] { metricsServer_->run(false); });
  }
  void TearDown() override {
    metricsServer_->stop();
    metricsThread_.join();
    server_.reset();
  }

  unsigned short apiPort() const { return server_->port(); }
  unsigned short metricsPort() const { return metricsServer_->port(); }

  std::string scrapeText() {
    const auto res = testing::httpGet(metricsPort(), "/metrics");
    EXPECT_EQ(res.status, 200);
    EXPECT_EQ(res.header("Content-Type"), kExpositionType);
    return res.body;
  }

  // The exposition as the Prometheus client's parser reads it.
  Exposition scrape() {
    const std::string path = dir_.file("metrics-" + std::to_string(++scrapes_) + ".txt");
    std::ofstream(path) << scrapeText();
    const auto parsed = testing::runCommand(
        {"/usr/bin/python3", std::string(HDOC_SOURCE_DIR) + "/tests/metrics/parse_exposition.py", path});
    EXPECT_EQ(parsed.exitCode, 0) << parsed.err << "\n(install python3-prometheus-client)";
    Exposition out;
    std::istringstream lines(parsed.out);
    for (std::string line; std::getline(lines, line);) {
      const auto family = json::parse(line).as_object();
      Family& f = out[std::string(family.at("name").as_string())];
      f.type = family.at("type").as_string();
      for (const auto& s : family.at("samples").as_array()) {
        Sample sample{std::string(s.at("name").as_string()), {}, s.at("value").to_number<double>()};
        for (const auto& [k, v] : s.at("labels").as_object()) sample.labels[k] = v.as_string();
        f.samples.push_back(std::move(sample));
      }
    }
    return out;
  }

  // The value of one sample; NaN when there is none.
  static double value(const Exposition& e, const std::string& family, const std::string& sample,
                      const Labels& labels = {}) {
    const auto it = e.find(family);
    if (it == e.end()) return std::nan("");
    for (const auto& s : it->second.samples) {
      if (s.name == sample && s.labels == labels) return s.value;
    }
    return std::nan("");
  }

  static std::size_t seriesCount(const Exposition& e) {
    std::size_t n = 0;
    for (const auto& [name, f] : e) n += f.samples.size();
    return n;
  }

  testing::TempDir dir_;
  PrometheusTelemetry telemetry_{http::routePatterns(), "9.9.9-test"};
  MetricsEndpoint endpoint_{telemetry_};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<testing::TestServer> server_;
  std::unique_ptr<server::Server> metricsServer_;
  std::thread metricsThread_;
  int scrapes_ = 0;
};

TEST_F(MetricsTest, ExpositionParsesBackWithTheNamesTypesAndLabelsOfTheScriptedRequests) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(testing::httpGet(apiPort(), "/api/users?limit=5").status, 200);
  EXPECT_EQ(testing::httpGet(apiPort(), "/users/nobody-of-that-name").status, 404);
  EXPECT_EQ(testing::httpGet(apiPort(), "/no/such/route").status, 404);
  EXPECT_EQ(
      testing::httpRequest(apiPort(), "POST", "/api/users", {{"Content-Type", "application/json"}}, "{}")
          .status,
      401);
  EXPECT_EQ(testing::httpRequest(apiPort(), "OPTIONS", "/api/users").status, 204);
  EXPECT_EQ(testing::httpRequest(apiPort(), "HEAD", "/leaderboard").status, 200);

  const Exposition e = scrape();
  const std::map<std::string, std::string> types{
      {"hdoc_http_requests", "counter"},
      {"hdoc_http_request_duration_seconds", "histogram"},
      {"hdoc_http_response_bytes", "counter"},
      {"hdoc_response_cache_hits", "counter"},
      {"hdoc_response_cache_misses", "counter"},
      {"hdoc_response_cache_evictions", "counter"},
      {"hdoc_response_cache_bytes", "gauge"},
      {"hdoc_response_cache_entries", "gauge"},
      {"hdoc_response_cache_budget_bytes", "gauge"},
      {"hdoc_store_operation_duration_seconds", "histogram"},
      {"hdoc_store_errors", "counter"},
      {"hdoc_auth_refusals", "counter"},
      {"hdoc_rate_limited", "counter"},
      {"hdoc_connections_open", "gauge"},
      {"hdoc_build_info", "gauge"},
  };
  for (const auto& [name, type] : types) {
    ASSERT_TRUE(e.count(name)) << name << " is not exposed";
    EXPECT_EQ(e.at(name).type, type) << name;
  }

  // Requests by route pattern (the /api prefix and the raw path never show), method and status.
  const auto requests = [&e](const std::string& route, const std::string& method, const std::string& status) {
    return value(e, "hdoc_http_requests", "hdoc_http_requests_total",
                 {{"route", route}, {"method", method}, {"status", status}});
  };
  EXPECT_EQ(requests("/users", "GET", "200"), 3);
  EXPECT_EQ(requests("/users/{githubProfile}", "GET", "404"), 1);
  EXPECT_EQ(requests("unmatched", "GET", "404"), 1);
  EXPECT_EQ(requests("/users", "POST", "401"), 1);
  EXPECT_EQ(requests("/users", "OPTIONS", "204"), 1);
  EXPECT_EQ(requests("/leaderboard", "HEAD", "200"), 1);
  for (const auto& [name, family] : e) {
    for (const auto& s : family.samples) {
      for (const auto& [label, v] : s.labels) {
        EXPECT_EQ(v.find("nobody"), std::string::npos) << "a raw path became a label: " << name;
        EXPECT_EQ(v.find("/no/such"), std::string::npos) << "a raw path became a label: " << name;
        EXPECT_NE(v.rfind("/api", 0), 0u) << name << " " << label << "=" << v;
      }
    }
  }

  // The latency histogram of GET /users: three observations, cumulative buckets up to +Inf.
  const Labels usersGet{{"route", "/users"}, {"method", "GET"}};
  EXPECT_EQ(
      value(e, "hdoc_http_request_duration_seconds", "hdoc_http_request_duration_seconds_count", usersGet),
      3);
  EXPECT_GT(
      value(e, "hdoc_http_request_duration_seconds", "hdoc_http_request_duration_seconds_sum", usersGet), 0);
  double previous = 0;
  std::size_t buckets = 0;
  for (const auto& s : e.at("hdoc_http_request_duration_seconds").samples) {
    if (s.name != "hdoc_http_request_duration_seconds_bucket" || s.labels.at("route") != "/users" ||
        s.labels.at("method") != "GET")
      continue;
    EXPECT_GE(s.value, previous) << "bucket le=" << s.labels.at("le") << " is below the one before";
    previous = s.value;
    ++buckets;
  }
  EXPECT_EQ(buckets, 15u);  // 14 bounds and +Inf
  EXPECT_EQ(previous, 3);   // +Inf holds every observation

  // Two of the three identical reads came from the response cache; the store saw the first.
  EXPECT_GE(value(e, "hdoc_response_cache_hits", "hdoc_response_cache_hits_total"), 2);
  EXPECT_GE(value(e, "hdoc_response_cache_misses", "hdoc_response_cache_misses_total"), 1);
  EXPECT_GT(value(e, "hdoc_response_cache_bytes", "hdoc_response_cache_bytes"), 0);
  EXPECT_EQ(value(e, "hdoc_response_cache_budget_bytes", "hdoc_response_cache_budget_bytes"),
            static_cast<double>(http::ResponseCache::kDefaultBudget));
  EXPECT_GE(value(e, "hdoc_store_operation_duration_seconds", "hdoc_store_operation_duration_seconds_count",
                  {{"store", "sqlite"}, {"operation", "scanUsers"}}),
            1);
  EXPECT_EQ(value(e, "hdoc_store_operation_duration_seconds", "hdoc_store_operation_duration_seconds_count",
                  {{"store", "sqlite"}, {"operation", "findUser"}}),
            1);
  for (const char* kind : {"unavailable", "conflict", "invalid", "other"})
    EXPECT_EQ(value(e, "hdoc_store_errors", "hdoc_store_errors_total", {{"kind", kind}}), 0) << kind;
  EXPECT_EQ(value(e, "hdoc_auth_refusals", "hdoc_auth_refusals_total", {{"reason", "no_verifier"}}), 1);
  EXPECT_EQ(value(e, "hdoc_rate_limited", "hdoc_rate_limited_total"), 0);
  EXPECT_EQ(value(e, "hdoc_build_info", "hdoc_build_info", {{"version", "9.9.9-test"}}), 1);
}

TEST_F(MetricsTest, CountsOpenConnectionsOnTheApiListenerOnly) {
  testing::HttpConnection a(apiPort()), b(apiPort());
  a.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  b.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(a.read());
  ASSERT_TRUE(b.read());
  EXPECT_EQ(value(scrape(), "hdoc_connections_open", "hdoc_connections_open"), 2);  // not the scrape's own
}

TEST_F(MetricsTest, CountersOnlyGrowFromScrapeToScrape) {
  testing::httpGet(apiPort(), "/api/leaderboard");
  testing::httpGet(apiPort(), "/api/tags");
  const Exposition before = scrape();
  for (const char* target : {"/api/leaderboard", "/api/tags", "/api/articles", "/api/users/recent", "/nope"})
    testing::httpGet(apiPort(), target);
  const Exposition after = scrape();
  std::size_t compared = 0;
  for (const auto& [name, family] : before) {
    if (family.type != "counter" && family.type != "histogram") continue;
    for (const auto& s : family.samples) {
      const double later = value(after, name, s.name, s.labels);
      ASSERT_FALSE(std::isnan(later)) << s.name << " disappeared";
      EXPECT_GE(later, s.value) << s.name << " went down";
      ++compared;
    }
  }
  EXPECT_GT(compared, 20u);
  EXPECT_GT(value(after, "hdoc_http_requests", "hdoc_http_requests_total",
                  {{"route", "/leaderboard"}, {"method", "GET"}, {"status", "200"}}),
            value(before, "hdoc_http_requests", "hdoc_http_requests_total",
                  {{"route", "/leaderboard"}, {"method", "GET"}, {"status", "200"}}));
}

// Sends `count` requests over one keep-alive connection, each to a target and with a method never
// used before (numbered from `first`), across every shape a client can reach.
void spray(unsigned short port, int first, int count) {
  testing::HttpConnection conn(port);
  for (int i = first; i < first + count; ++i) {
    const std::string n = std::to_string(i);
    std::string target, method = "GET";
    switch (i % 5) {
      case 0:
        target = "/users/u" + n;
        break;  // a profile that does not exist: 404
      case 1:
        target = "/api/articles/t" + n;
        break;  // a tag nobody uses: 200 []
      case 2:
        target = "/x" + n + "/y/z";
        break;  // no route: 404
      case 3:
        target = "/users?cursor=junk" + n;
        break;  // a forged cursor: 400
      default:
        target = "/tags";
        method = "M" + n;
        break;  // an unknown method: 405
    }
    conn.send(method + " " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    const auto res = conn.read();
    ASSERT_TRUE(res) << method << " " << target;
  }
}

TEST_F(MetricsTest, AKeySprayingClientAddsNoSeries) {
  spray(apiPort(), 0, 10000);
  const Exposition first = scrape();
  spray(apiPort(), 10000, 10000);
  const Exposition second = scrape();
  EXPECT_EQ(seriesCount(second), seriesCount(first)) << "10,000 new paths and methods created series";
  double total = 0;
  for (const auto& s : second.at("hdoc_http_requests").samples) total += s.value;
  EXPECT_EQ(total, 20000);  // every request counted, into the same few series
  EXPECT_EQ(value(second, "hdoc_http_requests", "hdoc_http_requests_total",
                  {{"route", "/tags"}, {"method", "other"}, {"status", "405"}}),
            4000);
}

TEST_F(MetricsTest, TheMetricsListenerServesOnlyMetricsAndTheApiListenerNever) {
  const auto other = testing::httpGet(metricsPort(), "/users");
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(other.header("Content-Type"), "application/problem+json");
  const auto post = testing::httpRequest(metricsPort(), "POST", "/metrics");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.header("Allow"), "GET, HEAD");
  EXPECT_EQ(testing::httpRequest(metricsPort(), "HEAD", "/metrics").status, 200);
  EXPECT_EQ(testing::httpGet(apiPort(), "/metrics").status, 404);
  EXPECT_EQ(testing::httpGet(apiPort(), "/api/metrics").status, 404);
}

TEST_F(MetricsTest, TheGrafanaDashboardAsksOnlyForExposedSeries) {
  // Every event once, so that every family has a series to show (DynamoDB's capacity included).
  telemetry_.consumedCapacity("Query", 1, 0);
  telemetry_.authRefusal("expired");
  telemetry_.rateLimited();
  testing::httpGet(apiPort(), "/api/users?limit=1");
  std::set<std::string> exposed;
  for (const auto& [name, family] : scrape()) {
    for (const auto& s : family.samples) exposed.insert(s.name);
  }
  std::ifstream in(std::string(HDOC_SOURCE_DIR) + "/docs/grafana/hdoc-dashboard.json");
  ASSERT_TRUE(in) << "docs/grafana/hdoc-dashboard.json is missing";
  const std::string dashboard((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_NO_THROW(json::parse(dashboard));
  const std::regex name("hdoc_[a-z_]+");
  std::size_t used = 0;
  for (auto it = std::sregex_iterator(dashboard.begin(), dashboard.end(), name); it != std::sregex_iterator();
       ++it) {
    EXPECT_TRUE(exposed.count(it->str()))
        << "the dashboard asks for " << it->str() << ", which hdoc does not expose";
    ++used;
  }
  EXPECT_GT(used, 10u);
}

}  // namespace
}  // namespace hdoc::metrics
