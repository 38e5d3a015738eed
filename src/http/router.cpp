#include "http/router.hpp"

namespace hdoc::http {
namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= s.size()) {
    const std::size_t end = s.find(sep, start);
    parts.push_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

std::optional<std::vector<std::string>> matchPattern(std::string_view routePattern,
                                                     const std::vector<std::string>& segments) {
  auto pattern = split(routePattern.substr(1), '/');
  if (pattern.size() != segments.size()) return std::nullopt;
  std::vector<std::string> params;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i].starts_with('{')) {
      if (segments[i].empty()) return std::nullopt;
      params.push_back(segments[i]);
    } else if (pattern[i] != segments[i]) {
      return std::nullopt;
    }
  }
  return params;
}

}  // namespace

std::string routeShape(std::string_view pattern) {
  std::string shape;
  bool inside = false;
  for (char c : pattern) {
    if (c == '{') {
      inside = true;
      shape += "{}";
    } else if (c == '}') {
      inside = false;
    } else if (!inside) {
      shape.push_back(c);
    }
  }
  return shape;
}

std::optional<RouteMatch> matchRoute(const std::vector<std::string>& segments, std::string_view method) {
  const RouteInfo* first = nullptr;
  std::optional<RouteMatch> match;
  std::string shape;
  for (const auto& route : routeTable()) {
    if (first && routeShape(route.pattern) != shape) continue;
    auto params = matchPattern(route.pattern, segments);
    if (!params) continue;
    if (!first) {
      first = &route;
      shape = routeShape(route.pattern);
      match = RouteMatch{&route, std::move(*params), std::string(route.methods)};
      continue;
    }
    match->methods += ",";
    match->methods += route.methods;
    if (!routeAllows(*match->route, method) && routeAllows(route, method)) {
      match->route = &route;
      match->params = std::move(*params);
    }
  }
  if (match) match->methods += ",OPTIONS";
  return match;
}

bool routeAllows(const RouteInfo& route, std::string_view method) {
  for (auto m : split(route.methods, ',')) {
    if (m == method) return true;
  }
  return false;
}

std::string allowedMethods(const RouteInfo& route) {
  return std::string(route.methods) + ",OPTIONS";
}

}  // namespace hdoc::http
