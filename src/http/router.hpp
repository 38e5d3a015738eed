// Matches decoded path segments against the route table.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/routes.hpp"

namespace hdoc::http {

struct RouteMatch {
  const RouteInfo* route = nullptr;
  std::vector<std::string> params;  // values of the {placeholders}, in order
};

std::optional<RouteMatch> matchRoute(const std::vector<std::string>& segments);

// True when `method` is in the route's comma-separated method list.
bool routeAllows(const RouteInfo& route, std::string_view method);

// The route's methods plus OPTIONS, for Allow and Access-Control-Allow-Methods.
std::string allowedMethods(const RouteInfo& route);

}  // namespace hdoc::http
