#include "http/cors.hpp"

#include <algorithm>

namespace hdoc::http {
namespace {

std::string_view trimBlanks(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

}  // namespace

std::vector<std::string> parseCorsOrigins(std::string_view text) {
  std::vector<std::string> origins;
  for (;;) {
    const auto comma = text.find(',');
    if (const auto item = trimBlanks(text.substr(0, comma)); !item.empty()) origins.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  if (origins.empty()) origins.emplace_back("*");
  return origins;
}

CorsPolicy::CorsPolicy(std::vector<std::string> origins) : origins_(std::move(origins)) {
  any_ = origins_.empty() || std::find(origins_.begin(), origins_.end(), "*") != origins_.end();
}

void CorsPolicy::apply(Response& res, std::string_view origin, std::string_view methods) const {
  if (any_) {
    res.set("Access-Control-Allow-Origin", "*");
  } else {
    res.set("Vary", "Origin");
    if (!origin.empty() && std::find(origins_.begin(), origins_.end(), origin) != origins_.end()) {
      res.set("Access-Control-Allow-Origin", std::string(origin));
    }
  }
  res.set("Access-Control-Allow-Headers", std::string(kCorsAllowHeaders));
  res.set("Access-Control-Allow-Methods", std::string(methods));
  res.set("Access-Control-Expose-Headers", "ETag,Link,Location,Retry-After,WWW-Authenticate");
}

}  // namespace hdoc::http
