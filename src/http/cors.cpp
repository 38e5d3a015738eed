#include "http/cors.hpp"

#include <algorithm>

namespace hdoc::http {

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
