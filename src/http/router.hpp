// Matches decoded path segments (and the method) against the route table.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/routes.hpp"

namespace hdoc::http {

struct RouteMatch {
  // The route that serves this method, or the first route of the path's shape when none does (the
  // caller answers 405 when route->endpoint(method) is null).
  const RouteInfo* route = nullptr;
  std::vector<std::string> params;  // values of the {placeholders}, in order
  // Every method the path accepts across the routes of its shape, plus OPTIONS: for Allow and
  // Access-Control-Allow-Methods.
  std::string methods;
};

// Routes whose patterns differ only in placeholder names ("/articles/{tag}" for reads and
// "/articles/{id}" for writes) share a shape; the literal "/users/recent" is a shape of its own, and
// it wins over "/users/{githubProfile}" because it comes first in the table.
std::optional<RouteMatch> matchRoute(const std::vector<std::string>& segments, std::string_view method);

// True when the route serves `method` (HEAD wherever GET is served).
bool routeAllows(const RouteInfo& route, std::string_view method);

// "/articles/{tag}" -> "/articles/{}": the shape routes are grouped by.
std::string routeShape(std::string_view pattern);

}  // namespace hdoc::http
