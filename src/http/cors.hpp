// CORS: the headers every response carries and the answer to a preflight.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace hdoc::http {

inline constexpr std::string_view kCorsAllowHeaders =
    "Content-Type,X-Amz-Date,Authorization,X-Api-Key,x-requested-with";
// Every method some route accepts: the Allow-Methods answer where no route matched.
inline constexpr std::string_view kAllMethods = "GET,HEAD,POST,PATCH,DELETE,OPTIONS";

// The allow-list as both hosts read it from HDOC_CORS_ORIGINS or --cors-origin: comma-separated, each
// item trimmed of spaces and tabs, empty items dropped ("https://a, https://b," is those two). A value
// that names no origin at all (unset, empty, only commas and blanks) is {"*"}: every origin.
std::vector<std::string> parseCorsOrigins(std::string_view text);

class CorsPolicy {
 public:
  explicit CorsPolicy(std::vector<std::string> origins);

  // Adds Access-Control-* headers for a request from `origin` (may be empty) to a route
  // accepting `methods`. With an allow-list, a listed origin is echoed (with Vary: Origin) and an
  // unlisted one gets no Access-Control-Allow-Origin, which the browser treats as a refusal.
  void apply(Response& response, std::string_view origin, std::string_view methods) const;
  // True when apply() answers differently per origin (an allow-list rather than "*").
  bool variesByOrigin() const { return !any_; }

 private:
  std::vector<std::string> origins_;
  bool any_ = false;
};

}  // namespace hdoc::http
