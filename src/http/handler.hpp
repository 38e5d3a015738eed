// What a route handler is: a function from one parsed call to its response, given the services of
// the API it runs in. Handlers are parse -> rule (core) -> store -> respond; everything common to a
// kind of route (authentication and rate limits for writes, caching, compression, CORS, errors)
// happens around them in api.cpp, once.
#pragma once

#include <string>
#include <vector>

#include "core/principal.hpp"
#include "http/message.hpp"
#include "http/target.hpp"
#include "store/store.hpp"

namespace hdoc::http {

struct ApiConfig;
class RateLimiter;
struct RouteInfo;

struct Services {
  store::Store& store;
  const ApiConfig& config;
  RateLimiter& writeLimiter;
};

struct Call {
  const RouteInfo& route;
  const Request& request;
  const Target& target;
  const std::vector<std::string>& params;  // the route's {placeholders}, in order
  const core::Principal* principal;        // the signed-in caller of a write; nullptr on public routes
};

using Handler = Response (*)(Services& services, const Call& call);

// A JSON answer no cache may keep: what writes and webhook deliveries answer (reads are cached, and
// take their Cache-Control from ApiConfig::readCacheControl).
inline Response noStoreJson(int status, std::string body) {
  Response res;
  res.status = status;
  res.body = std::move(body);
  res.set("Cache-Control", "no-store");
  return res;
}

}  // namespace hdoc::http
