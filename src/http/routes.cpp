#include "http/routes.hpp"

namespace hdoc::http {

std::span<const RouteInfo> routeTable() {
  // Literal routes come before the parameterised ones they overlap ("/users/recent" before
  // "/users/{githubProfile}"): the router takes the first match. Routes of the same shape
  // ("/articles/{tag}" and "/articles/{id}") are told apart by method. Reads (GET, HEAD) are public;
  // every other method is a write and needs a signed-in caller.
  static constexpr RouteInfo kRoutes[] = {
      {"/healthz", "GET,HEAD"},
      {"/users", "GET,HEAD,POST"},
      {"/users/recent", "GET,HEAD"},
      {"/users/{githubProfile}", "GET,HEAD,PATCH,DELETE"},
      {"/users/{githubProfile}/entries", "GET,HEAD,POST"},
      {"/users/{githubProfile}/entries/{platform}/{day}", "PATCH"},
      {"/leaderboard", "GET,HEAD"},
      {"/leaderboard/{limit}", "GET,HEAD"},
      {"/articles", "GET,HEAD,POST"},
      {"/articles/{tag}", "GET,HEAD"},
      {"/articles/{id}", "PATCH,DELETE"},
      {"/tags", "GET,HEAD"},
      // Public, authenticated by GitHub's signature of the body instead (http/github_webhook.hpp).
      {"/webhooks/github", "POST"},
  };
  return kRoutes;
}

}  // namespace hdoc::http
