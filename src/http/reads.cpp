#include "http/reads.hpp"

#include "core/json_writer.hpp"
#include "core/ordering.hpp"
#include "core/query.hpp"
#include "core/text.hpp"
#include "http/api.hpp"
#include "http/list_page.hpp"
#include "http/problem.hpp"
#include "http/refusal.hpp"

namespace hdoc::http {
namespace {

using core::ListKind;
using store::Store;

Response noSuchUser(const Call& call, const std::string& profile) {
  return problem(404, "no journeyer with githubProfile '" + profile + "'", call.target.path);
}

// A page of users in one order; positions are (join millis or total score, githubProfile).
Response userPage(Services& s, const Call& call, Store::UserOrder order, ListKind list,
                  std::optional<std::size_t> defaultLimit, const std::string* limitFromPath = nullptr) {
  const PageRequest request = readPageRequest(call, list, "", defaultLimit, limitFromPath);
  std::optional<Store::UserPosition> after;
  if (request.after) after = Store::UserPosition{request.after->number, request.after->text};
  const auto rank = [order](const core::User& u) {
    return order == Store::UserOrder::Leaderboard ? u.totalScore() : core::joinedMillis(u);
  };
  return listPage<core::User>(
      call, request, s.config.pageBytes,
      [&](std::optional<std::size_t> n, const Store::Visitor<core::User>& visit) {
        s.store.scanUsers(order, after, n, visit);
      },
      [&](const core::User& u) {
        return core::Cursor{list, "", rank(u), u.githubProfile};
      });
}

}  // namespace

Response health(Services& s, const Call& call) {
  try {
    s.store.ping();
  } catch (const std::exception& e) {
    Response res = problem(503, std::string("the store is unreachable: ") + e.what(), call.target.path);
    res.set("Retry-After", "5");
    return res;
  }
  Response res;
  res.body = "{\"status\":\"ok\",\"store\":";
  core::appendJsonString(res.body, s.store.kind());
  res.body += "}";
  res.set("Cache-Control", "no-store");
  return res;
}

Response listUsers(Services& s, const Call& call) {
  return userPage(s, call, Store::UserOrder::Registration, ListKind::Users, std::nullopt);
}

Response recentUsers(Services& s, const Call& call) {
  return userPage(s, call, Store::UserOrder::Recent, ListKind::RecentUsers, core::kDefaultRecentLimit);
}

Response leaderboard(Services& s, const Call& call) {
  return userPage(s, call, Store::UserOrder::Leaderboard, ListKind::Leaderboard,
                  core::kDefaultLeaderboardLimit, call.params.empty() ? nullptr : &call.params[0]);
}

Response getUser(Services& s, const Call& call) {
  const std::string& profile = call.params[0];
  auto user = s.store.findUser(profile);
  if (!user) return noSuchUser(call, profile);
  Response res;
  res.body = core::toJson(*user);
  return res;
}

// A journeyer has at most 200 entries (100 days on two platforms): they are read whole and paged here.
Response listEntries(Services& s, const Call& call) {
  const std::string& profile = call.params[0];
  const std::string scope = core::asciiFold(profile);
  const PageRequest request = readPageRequest(call, ListKind::Entries, scope, std::nullopt);
  if (!s.store.findUser(profile)) return noSuchUser(call, profile);
  std::vector<core::Entry> entries = s.store.listEntries(profile);
  return listPage<core::Entry>(
      call, request, s.config.pageBytes,
      [&](std::optional<std::size_t> n, const Store::Visitor<core::Entry>& visit) {
        std::size_t visited = 0;
        for (auto& e : entries) {
          const auto key = std::pair(e.day, core::platformName(e.platform));
          if (request.after && key <= std::pair(static_cast<int>(request.after->number),
                                                std::string_view(request.after->text))) {
            continue;
          }
          if ((n && visited++ == *n) || !visit(std::move(e))) return;
        }
      },
      [&](const core::Entry& e) {
        return core::Cursor{ListKind::Entries, scope, e.day, std::string(core::platformName(e.platform))};
      });
}

Response listArticles(Services& s, const Call& call) {
  const Target& t = call.target;
  const std::size_t tagCount = t.count("tag");
  std::optional<std::string> tag;
  if (!call.params.empty()) tag = call.params[0];
  if (tagCount) tag = std::string(*t.first("tag"));
  const std::string scope = tag ? core::asciiFold(*tag) : "";
  const PageRequest request = readPageRequest(call, ListKind::Articles, scope, std::nullopt);
  auto badTag = [&](const std::string& reason) {
    refuse(problem(400, "query parameter 'tag' " + reason, t.path, {core::ParamError{"tag", reason}}));
  };
  if (tagCount > 1) badTag("must be given at most once");
  if (!call.params.empty() && tagCount) badTag("must not be given both in the path and the query");
  if (tagCount && tag->empty()) badTag("must not be empty");
  std::optional<std::int64_t> after;
  if (request.after) after = request.after->number;
  return listPage<core::Article>(
      call, request, s.config.pageBytes,
      [&](std::optional<std::size_t> n, const Store::Visitor<core::Article>& visit) {
        s.store.scanArticles(tag ? std::optional<std::string_view>(*tag) : std::nullopt, after, n, visit);
      },
      [&](const core::Article& a) {
        return core::Cursor{ListKind::Articles, scope, a.id, ""};
      });
}

Response tagCounts(Services& s, const Call& call) {
  const PageRequest request = readPageRequest(call, ListKind::Tags, "", std::nullopt);
  std::optional<Store::TagPosition> after;
  if (request.after) after = Store::TagPosition{request.after->number, request.after->text};
  return listPage<core::TagCount>(
      call, request, s.config.pageBytes,
      [&](std::optional<std::size_t> n, const Store::Visitor<core::TagCount>& visit) {
        s.store.scanTagCounts(after, n, visit);
      },
      [&](const core::TagCount& t) {
        return core::Cursor{ListKind::Tags, "", t.count, t.tag};
      });
}

}  // namespace hdoc::http
