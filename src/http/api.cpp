#include "http/api.hpp"

#include <array>
#include <variant>

#include "http/authentication.hpp"
#include "http/canonical_target.hpp"
#include "http/compression.hpp"
#include "http/cors.hpp"
#include "http/etag.hpp"
#include "http/problem.hpp"
#include "http/refusal.hpp"
#include "http/router.hpp"
#include "http/single_flight.hpp"
#include "http/target.hpp"

namespace hdoc::http {
namespace {

bool isRead(const Request& req) {
  return req.method == "GET" || req.method == "HEAD";
}

// A request's target and route, worked out once (no store involved).
struct Exchange {
  const Request& request;
  std::string why;  // why the target is unusable, when it is
  std::optional<Target> target;
  std::optional<RouteMatch> match;
  const Endpoint* endpoint = nullptr;

  explicit Exchange(const Request& req) : request(req), target(parseTarget(req.target, why)) {
    if (!target) return;
    match = matchRoute(target->segments, req.method);
    if (match) endpoint = match->route->endpoint(req.method);
  }
};

// RFC 9110 13.1.2: a GET or HEAD whose If-None-Match matches gets 304 with the same fields and no body.
std::shared_ptr<const Response> conditional(const Request& req, std::shared_ptr<const Response> res) {
  if (res->status != 200 || !isRead(req)) return res;
  const auto etag = res->header("ETag");
  const auto inm = req.header("If-None-Match");
  if (etag.empty() || inm.empty() || !ifNoneMatchMatches(inm, etag)) return res;
  auto notModified = std::make_shared<Response>();
  notModified->status = 304;
  notModified->headers = res->headers;
  notModified->route = res->route;
  return notModified;
}

// The canonical target of a read, memoised per thread: a raw target maps to the same canonical one
// every time (the route table is fixed), and the parse behind it is most of what a cache hit costs.
// Direct-mapped and small, so a client spraying targets only churns it: memory stays flat.
class CanonicalMemo {
 public:
  // The canonical target of `raw` when it is a cacheable read (nullopt otherwise), and whether it
  // was found here rather than computed.
  template <class Compute>
  const std::optional<std::string>& lookup(std::string_view raw, Compute&& compute) {
    Slot& slot = slots_[std::hash<std::string_view>{}(raw) % kSlots];
    if (!slot.used || slot.raw != raw) {
      slot.raw.assign(raw);
      slot.canonical = compute();
      slot.used = true;
    }
    return slot.canonical;
  }

 private:
  static constexpr std::size_t kSlots = 256;
  struct Slot {
    bool used = false;
    std::string raw;
    std::optional<std::string> canonical;
  };
  std::array<Slot, kSlots> slots_;
};

// The canonical target of a cacheable read (a public GET/HEAD endpoint with a canonical form).
std::optional<std::string> cacheableTarget(const Exchange& x) {
  if (!x.endpoint || x.endpoint->signedIn) return std::nullopt;
  return canonicalTarget(*x.match->route, *x.endpoint, *x.target, x.match->params);
}

bool compressible(const Response& res) {
  return res.status == 200 && res.body.size() >= kMinCompressBytes;
}

// The representation of `identity` in `coding`: the same fields, the coded body, its own strong
// ETag (the identity tag with the coding appended, so every host gives the same tag for it).
std::shared_ptr<const Response> encode(const Response& identity, Coding coding) {
  auto coded = std::make_shared<Response>();
  coded->status = identity.status;
  coded->headers = identity.headers;
  coded->route = identity.route;
  coded->body = compress(identity.body, coding);
  coded->set("Content-Encoding", std::string(codingName(coding)));
  if (auto etag = identity.header("ETag"); etag.size() >= 2 && etag.back() == '"') {
    std::string tagged(etag.substr(0, etag.size() - 1));
    tagged += '-';
    tagged += codingName(coding);
    tagged += '"';
    coded->set("ETag", std::move(tagged));
  }
  return coded;
}

}  // namespace

struct Api::Impl {
  store::Store& store;
  ApiConfig config;
  core::Telemetry& telemetry;
  CorsPolicy cors;
  RateLimiter limiter;
  ResponseCache cache;
  SingleFlight<std::shared_ptr<const Response>> flights;

  Impl(store::Store& s, ApiConfig c)
      : store(s),
        config(std::move(c)),
        telemetry(config.telemetry ? *config.telemetry : core::noTelemetry()),
        cors(config.corsOrigins),
        limiter(config.writeRateLimit),
        cache(config.cacheBytes) {}

  Coding coding(const Request& req) const {
    return config.compression ? negotiateCoding(req.header("Accept-Encoding")) : Coding::identity;
  }

  // The cache key of a cacheable read, and the data version it is valid for.
  struct Key {
    std::string base;  // canonical target, then the Origin when CORS answers per origin
    std::uint64_t version;
    std::string with(Coding coding) const { return base + '\n' + std::string(codingName(coding)); }
  };
  // The data version the cache may use now; nullopt when caching is off or the store cannot tell.
  std::optional<std::uint64_t> cacheVersion(const Request& req) {
    if (!config.responseCache || !isRead(req)) return std::nullopt;
    try {
      return store.dataVersion();  // before the query: an entry is never labelled newer than its data
    } catch (const std::exception&) {
      return std::nullopt;  // no version, no caching; the store's failure surfaces from the query
    }
  }
  void appendVariance(std::string& key, const Request& req) const {
    if (!cors.variesByOrigin()) return;
    key.push_back('\n');
    key.append(req.header("Origin"));
  }
  std::optional<Key> cacheKey(const Exchange& x) {
    const auto version = cacheVersion(x.request);
    if (!version) return std::nullopt;
    auto target = cacheableTarget(x);
    if (!target) return std::nullopt;
    appendVariance(*target, x.request);
    return Key{std::move(*target), *version};
  }

  // A write's preamble: the caller, their rate limit, the body's size.
  std::variant<core::Principal, Response> admitWrite(const Request& req, const Target& t) {
    auto who = authenticate(req, config.verifier.get(), t.path, telemetry);
    if (std::holds_alternative<Response>(who)) return who;
    const auto& principal = std::get<core::Principal>(who);
    if (const int wait = limiter.acquire(principal.sub)) {
      telemetry.rateLimited();
      Response res = problem(429, "too many writes: try again in " + std::to_string(wait) + " s", t.path);
      res.set("Retry-After", std::to_string(wait));
      return res;
    }
    if (req.body.size() > config.maxBodyBytes) {
      return problem(413,
                     "the request body is larger than " + std::to_string(config.maxBodyBytes / 1024) + " KiB",
                     t.path);
    }
    return who;
  }

  Response dispatch(const Exchange& x, std::string& methods) {
    const Request& req = x.request;
    if (!x.target) return problem(400, x.why);
    const Target& t = *x.target;
    if (!x.match) return problem(404, "no such route: " + t.path, t.path);
    methods = x.match->methods;
    if (req.method == "OPTIONS") {
      Response res;
      res.status = 204;
      res.set("Access-Control-Max-Age", "600");
      return res;
    }
    if (!x.endpoint) {
      Response res = problem(405, "method " + req.method + " is not allowed here", t.path);
      res.set("Allow", methods);
      return res;
    }
    Services services{store, config, limiter};
    if (!x.endpoint->signedIn) {
      return x.endpoint->handler(services, Call{*x.match->route, req, t, x.match->params, nullptr});
    }
    const core::Principal principal = orRefuse(admitWrite(req, t));
    return x.endpoint->handler(services, Call{*x.match->route, req, t, x.match->params, &principal});
  }

  // Everything but the cache: routing, the handler, errors, the fields every answer carries.
  // `cacheable`: a successful public read whose handler did not say no-store.
  Response compute(const Exchange& x, bool& cacheable) {
    cacheable = false;
    std::string methods(kAllMethods);
    Response res;
    try {
      res = dispatch(x, methods);
    } catch (Refusal& refusal) {
      res = std::move(refusal.response);
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
    const bool read = isRead(x.request) && x.endpoint && !x.endpoint->signedIn;
    if (read && res.status == 200) {
      if (res.header("Cache-Control").empty()) {
        res.set("ETag", strongEtag(res.body));
        res.set("Cache-Control", config.readCacheControl);
        cacheable = true;
      }
    } else if (res.status >= 400 && res.header("Cache-Control").empty()) {
      res.set("Cache-Control", "no-store");
    }
    if (res.header("Content-Type").empty()) res.set("Content-Type", std::string(kJsonType));
    res.route = x.match ? x.match->route->pattern : core::kUnmatchedRoute;
    cors.apply(res, x.request.header("Origin"), methods);
    if (config.compression && read && compressible(res)) {
      const auto vary = res.header("Vary");
      res.set("Vary",
              vary.empty() ? std::string("Accept-Encoding") : std::string(vary) + ", Accept-Encoding");
    }
    return res;
  }

  // The representation of a compressible 200 in `coding` (the identity one otherwise).
  static std::shared_ptr<const Response> represent(std::shared_ptr<const Response> identity, Coding coding) {
    if (coding == Coding::identity || !compressible(*identity)) return identity;
    return encode(*identity, coding);
  }
};

Api::Api(store::Store& store, ApiConfig config) {
  // It goes out as a header field value on every read: one line of visible ASCII, or the head breaks.
  for (const char c : config.readCacheControl) {
    if (c < 0x20 || c > 0x7E)
      throw std::invalid_argument("the read Cache-Control value must be visible ASCII");
  }
  if (config.readCacheControl.empty()) throw std::invalid_argument("the read Cache-Control value is empty");
  impl_ = std::make_unique<Impl>(store, std::move(config));
}
Api::~Api() = default;

std::shared_ptr<const Response> Api::cached(const Request& req) {
  auto& impl = *impl_;
  const auto version = impl.cacheVersion(req);
  if (!version) return nullptr;
  thread_local CanonicalMemo memo;
  const auto& target = memo.lookup(req.target, [&] { return cacheableTarget(Exchange(req)); });
  if (!target) return nullptr;
  // The key of Key::with, built in a buffer that keeps its capacity: a hit allocates nothing here.
  thread_local std::string key;
  key.assign(*target);
  impl.appendVariance(key, req);
  key.push_back('\n');
  key.append(codingName(impl.coding(req)));
  auto hit = impl.cache.get(key, *version);
  return hit ? conditional(req, std::move(hit)) : nullptr;
}

std::shared_ptr<const Response> Api::respond(const Request& req) {
  auto& impl = *impl_;
  const Exchange x(req);
  const Coding coding = impl.coding(req);
  const auto key = impl.cacheKey(x);
  if (!key) {
    bool cacheable = false;
    auto res = std::make_shared<const Response>(impl.compute(x, cacheable));
    return conditional(req, Impl::represent(std::move(res), coding));
  }
  const std::string codedKey = key->with(coding);
  if (auto hit = impl.cache.get(codedKey, key->version)) return conditional(req, std::move(hit));
  // The identity answer, from the cache or computed once however many callers ask at the same time.
  const std::string identityKey = key->with(Coding::identity);
  auto identity = impl.cache.get(identityKey, key->version);
  if (!identity) {
    bool led = false;
    identity = impl.flights.run(identityKey + '\n' + std::to_string(key->version), [&] {
      led = true;
      bool cacheable = false;
      auto res = std::make_shared<const Response>(impl.compute(x, cacheable));
      if (cacheable) impl.cache.put(identityKey, key->version, res);
      return std::shared_ptr<const Response>(res);
    });
    // Only a cacheable answer is the same for every spelling of the key; a refusal names the
    // caller's own path (problem "instance"), so a follower computes its own.
    if (!led && identity->header("ETag").empty()) {
      bool cacheable = false;
      identity = std::make_shared<const Response>(impl.compute(x, cacheable));
    }
  }
  if (coding == Coding::identity || !compressible(*identity)) return conditional(req, std::move(identity));
  auto coded = impl.flights.run(codedKey + '\n' + std::to_string(key->version), [&] {
    auto res = Impl::represent(identity, coding);
    if (!identity->header("ETag").empty()) impl.cache.put(codedKey, key->version, res);  // cacheable
    return res;
  });
  return conditional(req, std::move(coded));
}

Response Api::handle(const Request& req) {
  return *respond(req);
}

CacheStats Api::cacheStats() const {
  return impl_->cache.stats();
}

}  // namespace hdoc::http
