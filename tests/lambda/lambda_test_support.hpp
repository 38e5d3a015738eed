// Helpers shared by the Lambda tests: reading the recorded events and editing their fields.
#pragma once

#include <boost/json.hpp>
#include <cstdlib>
#include <string>

#include "support/hdoc_process.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::testing {

// The binary under test as a Lambda runtime: the build's hdoc, or HDOC_LAMBDA_BINARY (e.g. the
// bootstrap unpacked from build/lambda/hdoc-lambda.zip, to test exactly what gets deployed).
inline std::string runtimeBinary() {
  const char* override = std::getenv("HDOC_LAMBDA_BINARY");
  return override != nullptr && *override != '\0' ? override : hdocBinary();
}

inline boost::json::value eventFile(const std::string& name) {
  return boost::json::parse(readText(std::string(HDOC_SOURCE_DIR) + "/tests/lambda/events/" + name));
}

// The 2.0 sample with another method, path and query (and everything else as recorded).
inline std::string v2Event(const std::string& method, const std::string& path,
                           const std::string& query = "") {
  auto event = eventFile("v2-http-api.json");
  auto& o = event.as_object();
  o["rawPath"] = path;
  o["rawQueryString"] = query;
  o["routeKey"] = "$default";
  auto& http = o["requestContext"].as_object()["http"].as_object();
  http["method"] = method;
  http["path"] = path;
  o.erase("queryStringParameters");
  return boost::json::serialize(event);
}

// The 1.0 sample with another method, path and multi-value query, given as "k=v&k=w" (no encoding).
inline std::string v1Event(const std::string& method, const std::string& path,
                           const std::string& query = "") {
  auto event = eventFile("v1-rest-api.json");
  auto& o = event.as_object();
  o["path"] = path;
  o["httpMethod"] = method;
  o["resource"] = "/{proxy+}";
  boost::json::object single, multi;
  std::string rest = query;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    const std::string key = pair.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : pair.substr(eq + 1);
    single[key] = value;
    if (!multi.contains(key)) multi[key] = boost::json::array();
    multi[key].as_array().emplace_back(value);
    if (amp == std::string::npos) break;
    rest = rest.substr(amp + 1);
  }
  if (query.empty()) {
    o["queryStringParameters"] = nullptr;
    o["multiValueQueryStringParameters"] = nullptr;
  } else {
    o["queryStringParameters"] = single;
    o["multiValueQueryStringParameters"] = multi;
  }
  auto& context = o["requestContext"].as_object();
  context["httpMethod"] = method;
  context["path"] = "/prod" + path;
  return boost::json::serialize(event);
}

}  // namespace hdoc::testing
