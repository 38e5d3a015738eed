// The route table: each row is a path pattern and the handler of each method it serves. The router,
// the dispatcher, the CORS preflight, `Allow` headers, the response cache's keys, and the OpenAPI and
// SAM consistency tests all read this one list: adding a route is one row and its handler.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "http/handler.hpp"

namespace hdoc::http {

struct Endpoint {
  Handler handler = nullptr;
  // A write: needs a signed-in caller (401 otherwise), is rate-limited per caller, and its body is
  // bounded. Reads are public.
  bool signedIn = false;
  // The query parameters the handler reads, in the order they take in canonical targets (cache keys
  // and `Link: rel="next"`). Parameters not listed here never change a response.
  std::array<std::string_view, 3> query{};

  explicit operator bool() const { return handler != nullptr; }
};

struct RouteInfo {
  std::string_view pattern;  // "/users/{githubProfile}", served at "/" and under "/api"
  Endpoint get{};            // GET, and HEAD (the same answer without its body)
  Endpoint post{};
  Endpoint patch{};
  Endpoint del{};

  // The endpoint of `method` (HEAD: get's), or nullptr when the route does not serve it.
  const Endpoint* endpoint(std::string_view method) const;
  // "GET,HEAD,POST": the methods this route serves (OPTIONS is implied everywhere).
  std::string methods() const;
};

std::span<const RouteInfo> routeTable();
// Every row's pattern, in table order: the route labels a metrics sink may see (src/metrics).
std::vector<std::string_view> routePatterns();

}  // namespace hdoc::http
