// The whole HTTP API as one function: Request in, Response out. The Beast server and the Lambda
// adapter are thin translators around Api::handle.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "auth/verifier.hpp"
#include "http/json_body.hpp"
#include "http/message.hpp"
#include "http/rate_limiter.hpp"
#include "store/store.hpp"

namespace hdoc::http {

struct ApiConfig {
  // Allowed CORS origins; "*" allows every origin.
  std::vector<std::string> corsOrigins{"*"};
  // Cache finished read responses keyed by target (and Origin with a CORS allow-list), invalidated
  // by the store's dataVersion(). Only takes effect when the store can report a version.
  bool responseCache = true;

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
};

class Api {
 public:
  Api(store::Store& store, ApiConfig config);
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  // Thread-safe: the server calls it from every I/O thread at once. A cached read is shared, not
  // copied: the server writes its body straight from the cache.
  std::shared_ptr<const Response> respond(const Request& request);
  // The same answer as a value of its own (the Lambda host and tests).
  Response handle(const Request& request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hdoc::http
