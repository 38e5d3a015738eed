#include "support/emf_check.hpp"

#include <boost/json.hpp>
#include <set>

namespace hdoc::testing {
namespace json = boost::json;
namespace {

// The specification's MetricDefinition Unit values.
const std::set<std::string> kUnits{"Seconds",
                                   "Microseconds",
                                   "Milliseconds",
                                   "Bytes",
                                   "Kilobytes",
                                   "Megabytes",
                                   "Gigabytes",
                                   "Terabytes",
                                   "Bits",
                                   "Kilobits",
                                   "Megabits",
                                   "Gigabits",
                                   "Terabits",
                                   "Percent",
                                   "Count",
                                   "Bytes/Second",
                                   "Kilobytes/Second",
                                   "Megabytes/Second",
                                   "Gigabytes/Second",
                                   "Terabytes/Second",
                                   "Bits/Second",
                                   "Kilobits/Second",
                                   "Megabits/Second",
                                   "Gigabits/Second",
                                   "Terabits/Second",
                                   "Count/Second",
                                   "None"};

bool nameLength(const json::string& s) {
  return !s.empty() && s.size() <= 1024;
}

void checkDirective(const json::object& root, const json::value& d, std::vector<std::string>& out) {
  if (!d.is_object()) return out.push_back("a MetricDirective is not an object");
  const auto& directive = d.get_object();
  for (const auto& [key, value] : directive) {
    if (key != "Namespace" && key != "Dimensions" && key != "Metrics")
      out.push_back("MetricDirective has a member the specification does not define: " + std::string(key));
  }
  const auto* ns = directive.if_contains("Namespace");
  if (!ns || !ns->is_string() || !nameLength(ns->get_string()))
    out.push_back("Namespace must be a string of 1 to 1024 characters");
  const auto* dims = directive.if_contains("Dimensions");
  if (!dims || !dims->is_array()) {
    out.push_back("Dimensions must be an array of DimensionSets");
  } else {
    for (const auto& set : dims->get_array()) {
      if (!set.is_array()) {
        out.push_back("a DimensionSet is not an array");
        continue;
      }
      if (set.get_array().size() > 30) out.push_back("a DimensionSet has more than 30 dimensions");
      for (const auto& name : set.get_array()) {
        if (!name.is_string()) {
          out.push_back("a dimension reference is not a string");
          continue;
        }
        const auto* target = root.if_contains(name.get_string());
        if (!target || !target->is_string())
          out.push_back("dimension " + std::string(name.get_string()) + " has no string member at the root");
        else if (!nameLength(target->get_string()))
          out.push_back("dimension " + std::string(name.get_string()) +
                        " has a value of 0 or over 1024 characters");
      }
    }
  }
  const auto* metrics = directive.if_contains("Metrics");
  if (!metrics || !metrics->is_array()) return out.push_back("Metrics must be an array of MetricDefinitions");
  if (metrics->get_array().size() > 100) out.push_back("a MetricDirective has more than 100 metrics");
  for (const auto& m : metrics->get_array()) {
    if (!m.is_object()) {
      out.push_back("a MetricDefinition is not an object");
      continue;
    }
    const auto& def = m.get_object();
    const auto* name = def.if_contains("Name");
    if (!name || !name->is_string() || !nameLength(name->get_string())) {
      out.push_back("a MetricDefinition has no Name of 1 to 1024 characters");
      continue;
    }
    const std::string metric(name->get_string());
    if (const auto* unit = def.if_contains("Unit");
        unit && (!unit->is_string() || !kUnits.count(std::string(unit->get_string()))))
      out.push_back("metric " + metric + " has a Unit the specification does not list");
    if (const auto* res = def.if_contains("StorageResolution");
        res && !(res->is_int64() && (res->get_int64() == 1 || res->get_int64() == 60)))
      out.push_back("metric " + metric + " has a StorageResolution other than 1 or 60");
    const auto* target = root.if_contains(metric);
    if (!target) {
      out.push_back("metric " + metric + " has no member at the root");
    } else if (target->is_array()) {
      if (target->get_array().size() > 100) out.push_back("metric " + metric + " has more than 100 values");
      for (const auto& v : target->get_array()) {
        if (!v.is_number()) out.push_back("metric " + metric + " has a value that is not a number");
      }
    } else if (!target->is_number()) {
      out.push_back("metric " + metric + " is neither a number nor an array of numbers");
    }
  }
}

}  // namespace

std::vector<std::string> emfViolations(const std::string& line) {
  std::vector<std::string> out;
  std::string text = line;
  if (!text.empty() && text.back() == '\n') text.pop_back();
  boost::system::error_code ec;
  const json::value doc = json::parse(text, ec);  // rejects anything before or after the object
  if (ec || !doc.is_object()) return {"the log event is not one JSON object: " + text};
  const auto& root = doc.get_object();
  const auto* aws = root.if_contains("_aws");
  if (!aws || !aws->is_object()) return {"the root has no _aws metadata object"};
  const auto& meta = aws->get_object();
  const auto* ts = meta.if_contains("Timestamp");
  if (!ts || !(ts->is_int64() || ts->is_uint64()) || (ts->is_int64() && ts->get_int64() <= 0))
    out.push_back("_aws.Timestamp must be a number of milliseconds since the epoch");
  const auto* directives = meta.if_contains("CloudWatchMetrics");
  if (!directives || !directives->is_array()) {
    out.push_back("_aws.CloudWatchMetrics must be an array of MetricDirectives");
    return out;
  }
  for (const auto& d : directives->get_array()) checkDirective(root, d, out);
  return out;
}

}  // namespace hdoc::testing
