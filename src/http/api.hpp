// The whole HTTP API as one function: Request in, Response out. The Beast server and the Lambda
// adapter are thin translators around Api::respond.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "auth/verifier.hpp"
#include "core/page.hpp"
#include "http/json_body.hpp"
#include "http/message.hpp"
#include "http/rate_limiter.hpp"
#include "http/responder.hpp"
#include "http/response_cache.hpp"
#include "store/store.hpp"

namespace hdoc::http {

struct ApiConfig {
  // Allowed CORS origins; "*" allows every origin.
  std::vector<std::string> corsOrigins{"*"};
  // Cache finished read responses keyed by canonical target (and Origin with a CORS allow-list, and
  // content coding), invalidated by the store's dataVersion(). Only takes effect when the store can
  // report a version.
  bool responseCache = true;
  // The cache's byte budget (ResponseCache).
  std::size_t cacheBytes = ResponseCache::kDefaultBudget;
  // The byte budget of one page of a list (core/page.hpp). The same on every host and store, so
  // that answers are byte-identical; tests lower it to see pages cut by bytes.
  std::size_t pageBytes = core::kPageBytes;
  // Cache-Control of successful public reads: "no-cache" (revalidate with the ETag every time) by
  // default; e.g. "public, max-age=5, stale-while-revalidate=30" lets a CDN or browser serve them for
  // a while. Writes and errors are always "no-store".
  std::string readCacheControl = "no-cache";
  // gzip/Brotli for read responses of 1 KiB and more, negotiated from Accept-Encoding.
  bool compression = true;

  // --- the write routes ---
  // Checks `Authorization: Bearer` tokens when a request carries no principal of its own (the Lambda
  // host sets one from API Gateway's authorizer claims and needs no verifier). With neither, every
  // write answers 401.
  std::shared_ptr<const auth::TokenVerifier> verifier{};
  // Per-principal token bucket for writes; off by default (API Gateway throttles on Lambda), on in
  // `hdoc serve`. A refused write gets 429 with Retry-After.
  RateLimit writeRateLimit{};
  // Bodies above this are refused with 413 (the Beast server already refuses them at the socket).
  std::size_t maxBodyBytes = kMaxBodyBytes;
  // Seconds since the Unix epoch: "today" for entries without a date and dateJoined of new profiles.
  // The system clock when empty.
  std::function<std::int64_t()> clock{};

  // The shared secret of the GitHub webhook (--github-webhook-secret, HDOC_GITHUB_WEBHOOK_SECRET):
  // POST /webhooks/github checks each delivery's signature with it. Empty: that route answers 404.
  std::string githubWebhookSecret{};

  // Where refused writes are counted (authentication refusals by reason, rate limiting); must
  // outlive the Api. nullptr: core::noTelemetry(). Hosts count requests themselves.
  core::Telemetry* telemetry = nullptr;
};

class Api final : public Responder {
 public:
  Api(store::Store& store, ApiConfig config);
  ~Api() override;
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  // Thread-safe: the server calls these from every thread at once. Answers are shared, not copied:
  // the server writes a cached body straight from the cache.
  //
  // The answer when the response cache has it ready (a hit, or a 304 from one), else nullptr. Never
  // queries the store or compresses, so an event loop may call it inline.
  std::shared_ptr<const Response> cached(const Request& request) override;
  // The answer, computing it when needed (store queries, page building, compression): may block.
  std::shared_ptr<const Response> respond(const Request& request) override;
  // The same answer as a value of its own (the Lambda host and tests).
  Response handle(const Request& request);

  CacheStats cacheStats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hdoc::http
