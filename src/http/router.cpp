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

}  // namespace

std::optional<RouteMatch> matchRoute(const std::vector<std::string>& segments) {
  for (const auto& route : routeTable()) {
    auto pattern = split(route.pattern.substr(1), '/');
    if (pattern.size() != segments.size()) continue;
    RouteMatch match{&route, {}};
    bool ok = true;
    for (std::size_t i = 0; i < pattern.size() && ok; ++i) {
      if (pattern[i].starts_with('{')) {
        ok = !segments[i].empty();
        match.params.push_back(segments[i]);
      } else {
        ok = pattern[i] == segments[i];
      }
    }
    if (ok) return match;
  }
  return std::nullopt;
}

bool routeAllows(const RouteInfo& route, std::string_view method) {
  for (auto m : split(route.methods, ',')) {
    if (m == method) return true;
  }
  return false;
}

std::string allowedMethods(const RouteInfo& route) { return std::string(route.methods) + ",OPTIONS"; }

}  // namespace hdoc::http
