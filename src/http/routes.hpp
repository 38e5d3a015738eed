// The route table as data: the router, the CORS preflight, `Allow` headers, the OpenAPI and SAM
// consistency tests all read this one list.
#pragma once

#include <span>
#include <string_view>

namespace hdoc::http {

struct RouteInfo {
  std::string_view pattern;  // "/users/{githubProfile}", served at "/" and under "/api"
  std::string_view methods;  // "GET,HEAD" (OPTIONS is implied everywhere)
};

std::span<const RouteInfo> routeTable();

}  // namespace hdoc::http
