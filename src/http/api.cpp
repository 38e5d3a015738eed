#include "http/api.hpp"

#include <variant>

#include "core/json_writer.hpp"
#include "core/query.hpp"
#include "core/text.hpp"
#include "http/cors.hpp"
#include "http/entry_json.hpp"
#include "http/etag.hpp"
#include "http/problem.hpp"
#include "http/response_cache.hpp"
#include "http/router.hpp"
#include "http/target.hpp"
#include "http/writes.hpp"

namespace hdoc::http {
namespace {

using core::ParamError;

// A handler's answer: a JSON body for 200, or a finished (error) response.
using Outcome = std::variant<std::string, Response>;

// A read, resolved from the request before the store is touched: its cache key and how to run it.
struct Read {
  std::string cacheKey;
  std::function<Outcome(store::Store&)> run;
};

Response badParam(const Target& t, std::string name, std::string reason) {
  std::string detail = "query parameter '" + name + "' " + reason;
  return problem(400, detail, t.path, {ParamError{std::move(name), std::move(reason)}});
}

// Reads `limit` from the query (or from a path segment), applying the route's default.
// nullopt inside the variant means "all".
std::variant<std::optional<std::size_t>, Response> limitParam(const Target& t,
                                                              std::optional<std::size_t> fallback,
                                                              const std::string* fromPath = nullptr) {
  const std::size_t n = t.count("limit") + (fromPath ? 1 : 0);
  if (n == 0) return fallback;
  if (n > 1) return badParam(t, "limit", "must be given at most once");
  std::string why;
  auto value = core::parseLimit(fromPath ? std::string_view(*fromPath) : *t.first("limit"), why);
  if (!value) return badParam(t, "limit", why);
  return value;
}

std::string limitKey(std::optional<std::size_t> limit) {
  return limit ? std::to_string(*limit) : "all";
}

template <class T>
Outcome jsonArray(const std::vector<T>& values) {
  return core::toJsonArray(std::span<const T>(values));
}

}  // namespace

struct Api::Impl {
  store::Store& store;
  ApiConfig config;
  CorsPolicy cors;
  ResponseCache cache;
  Writes writes;

  Impl(store::Store& s, ApiConfig c)
      : store(s), config(std::move(c)), cors(config.corsOrigins), writes(s, config) {}

  // Resolves a read route's parameters; a Response means the request was refused.
  std::variant<Read, Response> resolve(std::string_view pattern, const Target& t,
                                       const std::vector<std::string>& params) {
    std::optional<std::size_t> limit;
    auto takeLimit = [&](std::optional<std::size_t> fallback, const std::string* fromPath = nullptr) {
      auto parsed = limitParam(t, fallback, fromPath);
      if (auto* r = std::get_if<Response>(&parsed)) return std::optional<Response>(std::move(*r));
      limit = std::get<0>(parsed);
      return std::optional<Response>();
    };

    if (pattern == "/users") {
      if (auto r = takeLimit(std::nullopt)) return std::move(*r);
      return Read{"users\n" + limitKey(limit), [limit](store::Store& s) -> Outcome {
                    if (limit) return jsonArray(s.listUsers(limit));
                    // Unbounded: stream rows into the body instead of holding every User at once.
                    std::string body = "[";
                    s.forEachUser([&](const core::User& u) {
                      if (body.size() > 1) body.push_back(',');
                      core::appendJson(body, u);
                    });
                    body.push_back(']');
                    return body;
                  }};
    }
    if (pattern == "/users/recent") {
      if (auto r = takeLimit(core::kDefaultRecentLimit)) return std::move(*r);
      return Read{"recent\n" + limitKey(limit),
                  [limit](store::Store& s) -> Outcome { return jsonArray(s.recentUsers(*limit)); }};
    }
    if (pattern == "/users/{githubProfile}") {
      const std::string profile = params[0];
      return Read{"user\n" + core::asciiFold(profile), [profile, path = t.path](store::Store& s) -> Outcome {
                    auto user = s.findUser(profile);
                    if (!user) return problem(404, "no journeyer with githubProfile '" + profile + "'", path);
                    return core::toJson(*user);
                  }};
    }
    if (pattern == "/users/{githubProfile}/entries") {
      const std::string profile = params[0];
      return Read{"entries\n" + core::asciiFold(profile),
                  [profile, path = t.path](store::Store& s) -> Outcome {
                    if (!s.findUser(profile)) {
                      return problem(404, "no journeyer with githubProfile '" + profile + "'", path);
                    }
                    return entriesJson(s.listEntries(profile));
                  }};
    }
    if (pattern == "/leaderboard" || pattern == "/leaderboard/{limit}") {
      if (auto r = takeLimit(core::kDefaultLeaderboardLimit, params.empty() ? nullptr : &params[0])) {
        return std::move(*r);
      }
      return Read{"leaderboard\n" + limitKey(limit),
                  [limit](store::Store& s) -> Outcome { return jsonArray(s.leaderboard(*limit)); }};
    }
    if (pattern == "/articles" || pattern == "/articles/{tag}") {
      if (auto r = takeLimit(std::nullopt)) return std::move(*r);
      std::optional<std::string> tag;
      const std::size_t tagCount = t.count("tag");
      if (tagCount > 1) return badParam(t, "tag", "must be given at most once");
      if (!params.empty() && tagCount)
        return badParam(t, "tag", "must not be given both in the path and the query");
      if (!params.empty()) tag = params[0];
      if (tagCount) {
        tag = std::string(*t.first("tag"));
        if (tag->empty()) return badParam(t, "tag", "must not be empty");
      }
      std::string key = "articles\n" + limitKey(limit) + "\n" + (tag ? "=" + core::asciiFold(*tag) : "*");
      return Read{std::move(key), [limit, tag](store::Store& s) -> Outcome {
                    if (tag) return jsonArray(s.listArticles(std::string_view(*tag), limit));
                    return jsonArray(s.listArticles(std::nullopt, limit));
                  }};
    }
    if (pattern == "/tags") {
      if (auto r = takeLimit(std::nullopt)) return std::move(*r);
      return Read{"tags\n" + limitKey(limit),
                  [limit](store::Store& s) -> Outcome { return jsonArray(s.tagCounts(limit)); }};
    }
    return problem(404, "no route", t.path);
  }

  Response health(std::string_view path) {
    try {
      store.ping();
    } catch (const std::exception& e) {
      Response res = problem(503, std::string("the store is unreachable: ") + e.what(), path);
      res.set("Retry-After", "5");
      return res;
    }
    Response res;
    res.body = "{\"status\":\"ok\",\"store\":";
    core::appendJsonString(res.body, store.kind());
    res.body += "}";
    res.set("Cache-Control", "no-store");
    return res;
  }

  Response read(const Request& req, const Read& read) {
    std::shared_ptr<const CachedBody> cached;
    std::optional<std::uint64_t> version;
    if (config.responseCache) {
      version = store.dataVersion();  // before the query: an entry is never labelled newer than its data
      if (version) cached = cache.get(read.cacheKey, *version);
    }
    if (!cached) {
      Outcome outcome = read.run(store);
      if (auto* refused = std::get_if<Response>(&outcome)) return std::move(*refused);
      auto fresh = std::make_shared<CachedBody>();
      fresh->body = std::move(std::get<std::string>(outcome));
      fresh->etag = strongEtag(fresh->body);
      cached = fresh;
      if (version) cache.put(read.cacheKey, *version, cached);
    }
    Response res;
    res.set("ETag", cached->etag);
    res.set("Cache-Control", "no-cache");
    const auto inm = req.header("If-None-Match");
    if (!inm.empty() && ifNoneMatchMatches(inm, cached->etag)) {
      res.status = 304;
      return res;
    }
    res.body = cached->body;
    return res;
  }

  Response dispatch(const Request& req, std::string& methods) {
    std::string why;
    auto target = parseTarget(req.target, why);
    if (!target) return problem(400, why);
    auto match = matchRoute(target->segments, req.method);
    if (!match) return problem(404, "no such route: " + target->path, target->path);
    methods = match->methods;
    if (req.method == "OPTIONS") {
      Response res;
      res.status = 204;
      res.set("Access-Control-Max-Age", "600");
      return res;
    }
    if (!routeAllows(*match->route, req.method)) {
      Response res = problem(405, "method " + req.method + " is not allowed here", target->path);
      res.set("Allow", methods);
      return res;
    }
    if (match->route->pattern == "/healthz") return health(target->path);
    if (req.method != "GET" && req.method != "HEAD") {
      return writes.handle(*match->route, req, *target, match->params);
    }
    auto resolved = resolve(match->route->pattern, *target, match->params);
    if (auto* refused = std::get_if<Response>(&resolved)) return std::move(*refused);
    return read(req, std::get<Read>(resolved));
  }
};

Api::Api(store::Store& store, ApiConfig config) : impl_(std::make_unique<Impl>(store, std::move(config))) {}
Api::~Api() = default;

Response Api::handle(const Request& req) {
  std::string methods(kAllMethods);
  Response res;
  try {
    res = impl_->dispatch(req, methods);
  } catch (const store::StoreError& e) {
    switch (e.kind()) {
      case store::StoreError::Kind::Unavailable:
        res = problem(503, "the store is unavailable, try again later");
        res.set("Retry-After", std::to_string(e.retryAfterSeconds()));
        break;
      case store::StoreError::Kind::Conflict:
        res = problem(409, e.what());
        break;
      case store::StoreError::Kind::Invalid:
        res = problem(400, e.what());
        break;
    }
  } catch (const std::exception&) {
    // Never leak internals to the client; the host logs the status.
    res = problem(500, "internal error");
  }
  if (res.header("Content-Type").empty()) res.set("Content-Type", std::string(kJsonType));
  impl_->cors.apply(res, req.header("Origin"), methods);
  return res;
}

}  // namespace hdoc::http
