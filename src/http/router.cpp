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

// A route table row, split once: the router runs on every request.
struct CompiledRoute {
  const RouteInfo* route;
  std::vector<std::string_view> segments;  // "{x}" for a placeholder
  std::string shape;
};

const std::vector<CompiledRoute>& compiledRoutes() {
  static const std::vector<CompiledRoute> compiled = [] {
    std::vector<CompiledRoute> out;
    for (const auto& route : routeTable()) {
      out.push_back({&route, split(route.pattern.substr(1), '/'), routeShape(route.pattern)});
    }
    return out;
  }();
  return compiled;
}

bool matches(const CompiledRoute& route, const std::vector<std::string>& segments) {
  if (route.segments.size() != segments.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string_view p = route.segments[i];
    if (p.starts_with('{') ? segments[i].empty() : p != segments[i]) return false;
  }
  return true;
}

std::vector<std::string> placeholders(const CompiledRoute& route, const std::vector<std::string>& segments) {
  std::vector<std::string> params;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (route.segments[i].starts_with('{')) params.push_back(segments[i]);
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
  const CompiledRoute* first = nullptr;
  const CompiledRoute* serving = nullptr;
  std::string methods;
  for (const auto& route : compiledRoutes()) {
    if (first ? route.shape != first->shape : !matches(route, segments)) continue;
    if (!first) first = &route;
    if (!methods.empty()) methods.push_back(',');
    methods += route.route->methods();
    if (!serving && route.route->endpoint(method)) serving = &route;
  }
  if (!first) return std::nullopt;
  const CompiledRoute& chosen = serving ? *serving : *first;
  return RouteMatch{chosen.route, placeholders(chosen, segments), methods + ",OPTIONS"};
}

bool routeAllows(const RouteInfo& route, std::string_view method) {
  return route.endpoint(method) != nullptr;
}

}  // namespace hdoc::http
