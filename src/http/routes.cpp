#include "http/routes.hpp"

#include "http/github_webhook.hpp"
#include "http/reads.hpp"
#include "http/writes.hpp"

namespace hdoc::http {

const Endpoint* RouteInfo::endpoint(std::string_view method) const {
  const Endpoint* e = nullptr;
  if (method == "GET" || method == "HEAD") e = &get;
  if (method == "POST") e = &post;
  if (method == "PATCH") e = &patch;
  if (method == "DELETE") e = &del;
  return e && *e ? e : nullptr;
}

std::string RouteInfo::methods() const {
  std::string out;
  auto add = [&out](std::string_view m) {
    if (!out.empty()) out.push_back(',');
    out += m;
  };
  if (get) add("GET,HEAD");
  if (post) add("POST");
  if (patch) add("PATCH");
  if (del) add("DELETE");
  return out;
}

std::span<const RouteInfo> routeTable() {
  // Literal routes come before the parameterised ones they overlap ("/users/recent" before
  // "/users/{githubProfile}"): the router takes the first match. Routes of the same shape
  // ("/articles/{tag}" and "/articles/{id}") are told apart by method.
  constexpr std::array<std::string_view, 3> kPage{"limit", "cursor"};
  static constexpr RouteInfo kRoutes[] = {
      {.pattern = "/healthz", .get = {.handler = health}},
      {.pattern = "/users",
       .get = {.handler = listUsers, .query = kPage},
       .post = {.handler = createProfile, .signedIn = true}},
      {.pattern = "/users/recent", .get = {.handler = recentUsers, .query = kPage}},
      {.pattern = "/users/{githubProfile}",
       .get = {.handler = getUser},
       .patch = {.handler = updateProfile, .signedIn = true},
       .del = {.handler = deleteProfile, .signedIn = true}},
      {.pattern = "/users/{githubProfile}/entries",
       .get = {.handler = listEntries, .query = kPage},
       .post = {.handler = logDay, .signedIn = true}},
      {.pattern = "/users/{githubProfile}/entries/{platform}/{day}",
       .patch = {.handler = verifyEntry, .signedIn = true}},
      {.pattern = "/leaderboard", .get = {.handler = leaderboard, .query = kPage}},
      {.pattern = "/leaderboard/{limit}", .get = {.handler = leaderboard, .query = kPage}},
      {.pattern = "/articles",
       .get = {.handler = listArticles, .query = {"tag", "limit", "cursor"}},
       .post = {.handler = createArticle, .signedIn = true}},
      {.pattern = "/articles/{tag}", .get = {.handler = listArticles, .query = {"tag", "limit", "cursor"}}},
      {.pattern = "/articles/{id}",
       .patch = {.handler = updateArticle, .signedIn = true},
       .del = {.handler = deleteArticle, .signedIn = true}},
      {.pattern = "/tags", .get = {.handler = tagCounts, .query = kPage}},
      // Public: authenticated by GitHub's signature of the body, not by a Cognito token.
      {.pattern = "/webhooks/github", .post = {.handler = githubWebhook}},
  };
  return kRoutes;
}

std::vector<std::string_view> routePatterns() {
  std::vector<std::string_view> patterns;
  for (const auto& route : routeTable()) patterns.push_back(route.pattern);
  return patterns;
}

}  // namespace hdoc::http
