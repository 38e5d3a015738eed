#include "http/routes.hpp"

namespace hdoc::http {

std::span<const RouteInfo> routeTable() {
  // Literal routes come before the parameterised ones they overlap ("/users/recent" before
  // "/users/{githubProfile}"): the router takes the first match.
  static constexpr RouteInfo kRoutes[] = {
      {"/healthz", "GET,HEAD"},
      {"/users", "GET,HEAD"},
      {"/users/recent", "GET,HEAD"},
      {"/users/{githubProfile}", "GET,HEAD"},
      {"/leaderboard", "GET,HEAD"},
      {"/leaderboard/{limit}", "GET,HEAD"},
      {"/articles", "GET,HEAD"},
      {"/articles/{tag}", "GET,HEAD"},
      {"/tags", "GET,HEAD"},
  };
  return kRoutes;
}

}  // namespace hdoc::http
