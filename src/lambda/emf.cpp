#include "lambda/emf.hpp"

#include <boost/json.hpp>
#include <chrono>

namespace hdoc::lambda {
namespace json = boost::json;
namespace {

json::array dimensionSets(std::initializer_list<std::initializer_list<std::string_view>> sets) {
  json::array out;
  for (const auto& set : sets) {
    json::array names;
    for (const auto name : set) names.emplace_back(name);
    out.emplace_back(std::move(names));
  }
  return out;
}

json::array metrics(std::initializer_list<std::pair<std::string_view, std::string_view>> nameUnits) {
  json::array out;
  for (const auto& [name, unit] : nameUnits) out.emplace_back(json::object{{"Name", name}, {"Unit", unit}});
  return out;
}

json::object directive(const EmfSettings& settings, json::array dimensions, json::array metricList) {
  return json::object{{"Namespace", settings.metricNamespace},
                      {"Dimensions", std::move(dimensions)},
                      {"Metrics", std::move(metricList)}};
}

std::string line(const json::object& document) {
  std::string out = json::serialize(document);
  out += '\n';
  return out;
}

std::string statusClass(int status) {
  return std::to_string(status / 100) + "xx";
}

}  // namespace

std::string invocationLine(const EmfSettings& settings, const InvocationFigures& f,
                           std::int64_t timestampMs) {
  json::array storeLatency;
  for (std::size_t i = 0; i < f.storeMilliseconds.size() && i < kMaxValues; ++i)
    storeLatency.emplace_back(f.storeMilliseconds[i]);
  // An invocation that made no store call (a cache hit, a refusal) has no StoreLatency value at
  // all, rather than a 0 that would pull its percentiles down.
  json::array perRoute = storeLatency.empty() ? metrics({{"Latency", "Milliseconds"},
                                                         {"ReadCapacityUnits", "Count"},
                                                         {"WriteCapacityUnits", "Count"}})
                                              : metrics({{"Latency", "Milliseconds"},
                                                         {"StoreLatency", "Milliseconds"},
                                                         {"ReadCapacityUnits", "Count"},
                                                         {"WriteCapacityUnits", "Count"}});
  json::array directives;
  directives.emplace_back(directive(settings,
                                    dimensionSets({{"Stage", "Route", "Status"}, {"Stage", "StatusClass"}}),
                                    metrics({{"Requests", "Count"}})));
  directives.emplace_back(
      directive(settings, dimensionSets({{"Stage", "Route"}, {"Stage"}}), std::move(perRoute)));
  directives.emplace_back(directive(settings, dimensionSets({{"Stage"}}),
                                    metrics({{"StoreErrors", "Count"},
                                             {"AuthRefusals", "Count"},
                                             {"RateLimited", "Count"},
                                             {"ResponseBytes", "Bytes"}})));
  json::object doc{
      {"_aws", json::object{{"Timestamp", timestampMs}, {"CloudWatchMetrics", std::move(directives)}}},
      {"Stage", settings.stage},
      {"Route", f.request.route},
      {"Method", f.request.method},  // a property, not a dimension: searchable in Logs Insights
      {"Status", std::to_string(f.request.status)},
      {"StatusClass", statusClass(f.request.status)},
      {"Requests", 1},
      {"Latency", f.request.seconds * 1000.0},
      {"ReadCapacityUnits", f.readCapacityUnits},
      {"WriteCapacityUnits", f.writeCapacityUnits},
      {"StoreErrors", f.storeErrors},
      {"AuthRefusals", f.authRefusals},
      {"RateLimited", f.rateLimited},
      {"ResponseBytes", f.request.bodyBytes},
  };
  if (!storeLatency.empty()) doc["StoreLatency"] = std::move(storeLatency);
  return line(doc);
}

std::string initLine(const EmfSettings& settings, double initMilliseconds, std::int64_t timestampMs) {
  json::array directives;
  directives.emplace_back(directive(settings, dimensionSets({{"Stage"}}),
                                    metrics({{"InitDuration", "Milliseconds"}, {"ColdStarts", "Count"}})));
  return line(json::object{
      {"_aws", json::object{{"Timestamp", timestampMs}, {"CloudWatchMetrics", std::move(directives)}}},
      {"Stage", settings.stage},
      {"InitDuration", initMilliseconds},
      {"ColdStarts", 1},
  });
}

std::optional<std::string> InvocationMetrics::takeLine(std::int64_t timestampMs) {
  std::lock_guard lock(mutex_);
  std::optional<std::string> out;
  if (answered_) out = invocationLine(settings_, figures_, timestampMs);
  figures_ = {};
  answered_ = false;
  return out;
}

void InvocationMetrics::discard() {
  std::lock_guard lock(mutex_);
  figures_ = {};
  answered_ = false;
}

void InvocationMetrics::request(const core::RequestSample& sample) {
  std::lock_guard lock(mutex_);
  figures_.request = sample;
  answered_ = true;
}

void InvocationMetrics::storeOperation(std::string_view, std::string_view, double seconds) {
  std::lock_guard lock(mutex_);
  if (figures_.storeMilliseconds.size() < kMaxValues) figures_.storeMilliseconds.push_back(seconds * 1000.0);
}

void InvocationMetrics::storeError(std::string_view) {
  std::lock_guard lock(mutex_);
  ++figures_.storeErrors;
}

void InvocationMetrics::consumedCapacity(std::string_view, double readUnits, double writeUnits) {
  std::lock_guard lock(mutex_);
  figures_.readCapacityUnits += readUnits;
  figures_.writeCapacityUnits += writeUnits;
}

void InvocationMetrics::authRefusal(std::string_view) {
  std::lock_guard lock(mutex_);
  ++figures_.authRefusals;
}

void InvocationMetrics::rateLimited() {
  std::lock_guard lock(mutex_);
  ++figures_.rateLimited;
}

std::int64_t unixMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace hdoc::lambda
