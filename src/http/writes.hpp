// The write routes (profiles, entries, articles): authentication, rate limit, ownership rules and
// strict bodies, then one atomic store call. Nothing is written unless every check passed.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "http/api.hpp"
#include "http/routes.hpp"
#include "http/target.hpp"

namespace hdoc::http {

class Writes {
 public:
  Writes(store::Store& store, const ApiConfig& config);
  ~Writes();

  // `route` allows req.method, which is not GET or HEAD.
  Response handle(const RouteInfo& route, const Request& req, const Target& target,
                  const std::vector<std::string>& params);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hdoc::http
