#include "http/api.hpp"

#include <variant>

#include "core/json_writer.hpp"
#include "core/query.hpp"
#include "http/cors.hpp"
#include "http/entry_json.hpp"
#include "http/etag.hpp"
#include "http/github_webhook.hpp"
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

// A read, resolved from the request before the store is touched: how to run it.
struct Read {
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
  GithubWebhook githubWebhook;

  Impl(store::Store& s, ApiConfig c)
      : store(s),
        config(std::move(c)),
        cors(config.corsOrigins),
        writes(s, config),
        githubWebhook(s, config) {}

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
      return Read{[limit](store::Store& s) -> Outcome {
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
      return Read{[limit](store::Store& s) -> Outcome { return jsonArray(s.recentUsers(*limit)); }};
    }
    if (pattern == "/users/{githubProfile}") {
      const std::string profile = params[0];
      return Read{[profile, path = t.path](store::Store& s) -> Outcome {
        auto user = s.findUser(profile);
        if (!user) return problem(404, "no journeyer with githubProfile '" + profile + "'", path);
        return core::toJson(*user);
      }};
    }
    if (pattern == "/users/{githubProfile}/entries") {
      const std::string profile = params[0];
      return Read{[profile, path = t.path](store::Store& s) -> Outcome {
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
      return Read{[limit](store::Store& s) -> Outcome { return jsonArray(s.leaderboard(*limit)); }};
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
      return Read{[limit, tag](store::Store& s) -> Outcome {
        if (tag) return jsonArray(s.listArticles(std::string_view(*tag), limit));
        return jsonArray(s.listArticles(std::nullopt, limit));
      }};
    }
    if (pattern == "/tags") {
      if (auto r = takeLimit(std::nullopt)) return std::move(*r);
      return Read{[limit](store::Store& s) -> Outcome { return jsonArray(s.tagCounts(limit)); }};
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

  // A read's 200 answer; the caller caches it and answers If-None-Match.
  Response read(const Read& read, bool& cacheable) {
    Outcome outcome = read.run(store);
    if (auto* refused = std::get_if<Response>(&outcome)) return std::move(*refused);
    Response res;
    res.body = std::move(std::get<std::string>(outcome));
    res.set("ETag", strongEtag(res.body));
    res.set("Cache-Control", "no-cache");
    cacheable = true;
    return res;
  }

  Response dispatch(const Request& req, std::string& methods, bool& cacheable) {
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
    // Signed by GitHub, not by Cognito: it must not reach the write routes' authentication.
    if (match->route->pattern == kGithubWebhookRoute) return githubWebhook.handle(req, *target);
    if (req.method != "GET" && req.method != "HEAD") {
      return writes.handle(*match->route, req, *target, match->params);
    }
    auto resolved = resolve(match->route->pattern, *target, match->params);
    if (auto* refused = std::get_if<Response>(&resolved)) return std::move(*refused);
    return read(std::get<Read>(resolved), cacheable);
  }

  // Everything but the cache: routing, the store, errors, CORS.
  Response compute(const Request& req, bool& cacheable) {
    std::string methods(kAllMethods);
    Response res;
    try {
      res = dispatch(req, methods, cacheable);
    } catch (const store::StoreError& e) {
      cacheable = false;
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
      cacheable = false;
      // Never leak internals to the client; the host logs the status.
      res = problem(500, "internal error");
    }
    if (res.header("Content-Type").empty()) res.set("Content-Type", std::string(kJsonType));
    cors.apply(res, req.header("Origin"), methods);
    return res;
  }

  // The cache key: the target exactly as sent, plus the Origin when the CORS answer depends on it.
  void cacheKey(const Request& req, std::string& key) const {
    key.assign(req.target);
    if (cors.variesByOrigin()) {
      key.push_back('\n');
      key.append(req.header("Origin"));
    }
  }

  // RFC 9110 13.1.2: a GET or HEAD whose If-None-Match matches gets 304 with the same fields and no body.
  static std::shared_ptr<const Response> conditional(const Request& req,
                                                     std::shared_ptr<const Response> res) {
    if (res->status != 200 || (req.method != "GET" && req.method != "HEAD")) return res;
    const auto etag = res->header("ETag");
    const auto inm = req.header("If-None-Match");
    if (etag.empty() || inm.empty() || !ifNoneMatchMatches(inm, etag)) return res;
    auto notModified = std::make_shared<Response>();
    notModified->status = 304;
    notModified->headers = res->headers;
    return notModified;
  }
};

Api::Api(store::Store& store, ApiConfig config) : impl_(std::make_unique<Impl>(store, std::move(config))) {}
Api::~Api() = default;

std::shared_ptr<const Response> Api::respond(const Request& req) {
  auto& impl = *impl_;
  // Reused per thread, so a cache hit allocates nothing for its key.
  thread_local std::string key;
  std::optional<std::uint64_t> version;
  if (impl.config.responseCache && (req.method == "GET" || req.method == "HEAD")) {
    try {
      version = impl.store.dataVersion();  // before the query: an entry is never labelled newer than its data
    } catch (const std::exception&) {
      // No version, no caching; the store's failure surfaces from the query below.
    }
    if (version) {
      impl.cacheKey(req, key);
      if (auto hit = impl.cache.get(key, *version)) return Impl::conditional(req, std::move(hit));
    }
  }
  bool cacheable = false;
  auto res = std::make_shared<const Response>(impl.compute(req, cacheable));
  if (version && cacheable) impl.cache.put(key, *version, res);
  return Impl::conditional(req, std::move(res));
}

Response Api::handle(const Request& req) {
  return *respond(req);
}

}  // namespace hdoc::http
