#include "metrics/prometheus_telemetry.hpp"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <array>
#include <atomic>
#include <mutex>
#include <vector>

namespace hdoc::metrics {
namespace {

// Request and store durations: from a cache hit (tens of microseconds) to a Lambda-sized timeout.
const prometheus::Histogram::BucketBoundaries kSeconds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                       0.1,    0.25,  0.5,    1,     2.5,  5,     10};

// core::methodLabel's values, in a fixed order.
constexpr std::array<std::string_view, 8> kMethods{"GET",   "HEAD",   "POST",    "PUT",
                                                   "PATCH", "DELETE", "OPTIONS", "other"};

std::size_t methodIndex(std::string_view label) {
  for (std::size_t i = 0; i + 1 < kMethods.size(); ++i) {
    if (kMethods[i] == label) return i;
  }
  return kMethods.size() - 1;
}

// Series of one family found by their label values, created on first use, at most `cap` of them:
// past it every new combination goes to one series whose values are all "other". The labels come
// from fixed sets already; the cap keeps a programming error from becoming unbounded memory.
template <class T>
class SeriesTable {
 public:
  SeriesTable(prometheus::Family<T>& family, std::vector<std::string> names, std::size_t cap = 128)
      : family_(family), names_(std::move(names)), cap_(cap) {}

  template <class... Args>
  T& get(std::initializer_list<std::string_view> values, Args&&... args) {
    std::lock_guard lock(mutex_);
    for (auto& [known, series] : rows_) {
      if (std::equal(known.begin(), known.end(), values.begin(), values.end())) return *series;
    }
    const bool full = rows_.size() >= cap_;
    prometheus::Labels labels;
    std::vector<std::string> row;
    std::size_t i = 0;
    for (const auto value : values) {
      row.emplace_back(full ? "other" : value);
      labels.emplace(names_[i++], row.back());
    }
    T& series = family_.Add(labels, std::forward<Args>(args)...);
    if (!full) rows_.emplace_back(std::move(row), &series);
    return series;
  }

 private:
  prometheus::Family<T>& family_;
  std::vector<std::string> names_;
  std::size_t cap_;
  std::mutex mutex_;
  std::vector<std::pair<std::vector<std::string>, T*>> rows_;
};

// The series of one route and method: found without locks once created.
struct MethodSeries {
  std::atomic<prometheus::Histogram*> duration{nullptr};
  struct StatusSlot {
    std::atomic<int> status{0};  // 0: free; set after `counter`, so a reader that sees it sees both
    std::atomic<prometheus::Counter*> counter{nullptr};
  };
  std::array<StatusSlot, 16> statuses;  // more distinct statuses than that: found under the lock
};

struct RouteSeries {
  std::string pattern;
  const char* address;  // of the pattern in the route table: the usual match is one comparison
  std::array<MethodSeries, kMethods.size()> methods;
  std::atomic<prometheus::Counter*> bytes{nullptr};
};

prometheus::ClientMetric numberMetric(double value, bool counter) {
  prometheus::ClientMetric m;
  if (counter) {
    m.counter.value = value;
  } else {
    m.gauge.value = value;
  }
  return m;
}

prometheus::MetricFamily family(std::string name, std::string help, prometheus::MetricType type,
                                double value) {
  prometheus::MetricFamily f;
  f.name = std::move(name);
  f.help = std::move(help);
  f.type = type;
  f.metric.push_back(numberMetric(value, type == prometheus::MetricType::Counter));
  return f;
}

}  // namespace

struct PrometheusTelemetry::Impl {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();

  prometheus::Family<prometheus::Counter>& requests =
      prometheus::BuildCounter()
          .Name("hdoc_http_requests_total")
          .Help("HTTP requests answered, by route pattern, method and status code")
          .Register(*registry);
  prometheus::Family<prometheus::Histogram>& durations =
      prometheus::BuildHistogram()
          .Name("hdoc_http_request_duration_seconds")
          .Help("Time from a request's first byte to its response's last, by route pattern and method")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& responseBytes =
      prometheus::BuildCounter()
          .Name("hdoc_http_response_bytes_total")
          .Help("Response body bytes sent, by route pattern")
          .Register(*registry);
  prometheus::Gauge& connections = prometheus::BuildGauge()
                                       .Name("hdoc_connections_open")
                                       .Help("Client connections open on the API listener")
                                       .Register(*registry)
                                       .Add({});
  SeriesTable<prometheus::Histogram> storeDurations{
      prometheus::BuildHistogram()
          .Name("hdoc_store_operation_duration_seconds")
          .Help("Time spent in one call of the store, by store and call")
          .Register(*registry),
      {"store", "operation"}};
  SeriesTable<prometheus::Counter> storeErrors{prometheus::BuildCounter()
                                                   .Name("hdoc_store_errors_total")
                                                   .Help("Store calls that failed, by kind of failure")
                                                   .Register(*registry),
                                               {"kind"}};
  SeriesTable<prometheus::Counter> capacity{
      prometheus::BuildCounter()
          .Name("hdoc_dynamodb_capacity_units_total")
          .Help("Capacity units DynamoDB reported consumed, by operation and read or write capacity")
          .Register(*registry),
      {"operation", "capacity"}};
  SeriesTable<prometheus::Counter> authRefusals{prometheus::BuildCounter()
                                                    .Name("hdoc_auth_refusals_total")
                                                    .Help("Writes refused by authentication, by reason")
                                                    .Register(*registry),
                                                {"reason"}};
  prometheus::Counter& rateLimited = prometheus::BuildCounter()
                                         .Name("hdoc_rate_limited_total")
                                         .Help("Writes refused by the per-caller rate limit (429)")
                                         .Register(*registry)
                                         .Add({});

  std::vector<std::unique_ptr<RouteSeries>> routes;  // the route table's, then "unmatched"
  std::mutex createMutex;                            // creating a request series

  std::function<http::CacheStats()> cacheStats;
  std::size_t cacheBudget = 0;

  RouteSeries& route(std::string_view pattern) {
    for (auto& r : routes) {
      if (r->address == pattern.data() && r->pattern.size() == pattern.size()) return *r;
    }
    for (auto& r : routes) {
      if (r->pattern == pattern) return *r;
    }
    return *routes.back();
  }

  prometheus::Counter& statusCounter(const RouteSeries& r, MethodSeries& m, std::size_t method, int status) {
    for (auto& slot : m.statuses) {
      const int seen = slot.status.load(std::memory_order_acquire);
      if (seen == status) return *slot.counter.load(std::memory_order_relaxed);
      if (seen == 0) break;
    }
    std::lock_guard lock(createMutex);
    auto& counter = requests.Add({{"route", r.pattern},
                                  {"method", std::string(kMethods[method])},
                                  {"status", std::to_string(status)}});
    for (auto& slot : m.statuses) {
      const int seen = slot.status.load(std::memory_order_relaxed);
      if (seen == status) break;
      if (seen == 0) {
        slot.counter.store(&counter, std::memory_order_relaxed);
        slot.status.store(status, std::memory_order_release);
        break;
      }
    }
    return counter;
  }

  template <class T, class Make>
  T& lazily(std::atomic<T*>& slot, Make&& make) {
    if (T* ready = slot.load(std::memory_order_acquire)) return *ready;
    std::lock_guard lock(createMutex);
    if (T* ready = slot.load(std::memory_order_relaxed)) return *ready;
    T& created = make();
    slot.store(&created, std::memory_order_release);
    return created;
  }
};

PrometheusTelemetry::PrometheusTelemetry(std::span<const std::string_view> routes, std::string_view version)
    : impl_(std::make_unique<Impl>()) {
  for (const auto pattern : routes) {
    auto r = std::make_unique<RouteSeries>();
    r->pattern = pattern;
    r->address = pattern.data();
    impl_->routes.push_back(std::move(r));
  }
  auto unmatched = std::make_unique<RouteSeries>();
  unmatched->pattern = core::kUnmatchedRoute;
  unmatched->address = core::kUnmatchedRoute.data();
  impl_->routes.push_back(std::move(unmatched));
  // Every kind of store failure is a series from the start, at 0: a rate() over it is defined, and
  // an alert on it fires on the first failure rather than on the second.
  for (const char* kind : {"unavailable", "conflict", "invalid", "other"}) impl_->storeErrors.get({kind});
  prometheus::BuildGauge()
      .Name("hdoc_build_info")
      .Help("Always 1; labelled with the version of the running hdoc")
      .Register(*impl_->registry)
      .Add({{"version", std::string(version)}})
      .Set(1);
}

PrometheusTelemetry::~PrometheusTelemetry() = default;

void PrometheusTelemetry::observeCache(std::function<http::CacheStats()> stats, std::size_t budgetBytes) {
  impl_->cacheStats = std::move(stats);
  impl_->cacheBudget = budgetBytes;
}

std::string PrometheusTelemetry::exposition() const {
  auto families = impl_->registry->Collect();
  if (impl_->cacheStats) {
    using prometheus::MetricType;
    const http::CacheStats s = impl_->cacheStats();
    families.push_back(family("hdoc_response_cache_hits_total", "Reads answered from the response cache",
                              MetricType::Counter, static_cast<double>(s.hits)));
    families.push_back(family("hdoc_response_cache_misses_total",
                              "Cacheable reads the response cache did not hold", MetricType::Counter,
                              static_cast<double>(s.misses)));
    families.push_back(family("hdoc_response_cache_evictions_total",
                              "Response cache entries evicted to make room", MetricType::Counter,
                              static_cast<double>(s.evictions)));
    families.push_back(family("hdoc_response_cache_bytes", "Bytes charged to response cache entries",
                              MetricType::Gauge, static_cast<double>(s.bytes)));
    families.push_back(family("hdoc_response_cache_entries", "Entries in the response cache",
                              MetricType::Gauge, static_cast<double>(s.entries)));
    families.push_back(family("hdoc_response_cache_budget_bytes", "The response cache's byte budget",
                              MetricType::Gauge, static_cast<double>(impl_->cacheBudget)));
  }
  return prometheus::TextSerializer().Serialize(families);
}

void PrometheusTelemetry::request(const core::RequestSample& sample) {
  auto& impl = *impl_;
  RouteSeries& r = impl.route(sample.route);
  const std::size_t method = methodIndex(sample.method);
  MethodSeries& m = r.methods[method];
  impl.statusCounter(r, m, method, sample.status).Increment();
  impl.lazily(m.duration,
              [&]() -> prometheus::Histogram& {
                return impl.durations.Add({{"route", r.pattern}, {"method", std::string(kMethods[method])}},
                                          kSeconds);
              })
      .Observe(sample.seconds);
  if (sample.bodyBytes > 0) {
    impl.lazily(r.bytes,
                [&]() -> prometheus::Counter& {
                  return impl.responseBytes.Add({{"route", r.pattern}});
                })
        .Increment(static_cast<double>(sample.bodyBytes));
  }
}

void PrometheusTelemetry::connectionOpened() {
  impl_->connections.Increment();
}

void PrometheusTelemetry::connectionClosed() {
  impl_->connections.Decrement();
}

void PrometheusTelemetry::storeOperation(std::string_view store, std::string_view operation, double seconds) {
  impl_->storeDurations.get({store, operation}, kSeconds).Observe(seconds);
}

void PrometheusTelemetry::storeError(std::string_view kind) {
  impl_->storeErrors.get({kind}).Increment();
}

void PrometheusTelemetry::consumedCapacity(std::string_view operation, double readUnits, double writeUnits) {
  if (readUnits > 0) impl_->capacity.get({operation, "read"}).Increment(readUnits);
  if (writeUnits > 0) impl_->capacity.get({operation, "write"}).Increment(writeUnits);
}

void PrometheusTelemetry::authRefusal(std::string_view reason) {
  impl_->authRefusals.get({reason}).Increment();
}

void PrometheusTelemetry::rateLimited() {
  impl_->rateLimited.Increment();
}

}  // namespace hdoc::metrics
