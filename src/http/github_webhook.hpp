// POST /webhooks/github: GitHub's signed webhook deliveries, turning pushes to a journeyer's Journey
// repository into their GitHub entries (README, "Scoring from GitHub"). Public, but every delivery must
// carry GitHub's HMAC signature of its body (auth/webhook_signature.hpp) made with the configured
// secret; parse -> rule (core/github_push.hpp) -> one store call -> a small JSON answer for GitHub's
// delivery log. Nothing is written unless the answer is 200.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "http/api.hpp"
#include "http/handler.hpp"
#include "http/target.hpp"

namespace hdoc::http {

inline constexpr std::string_view kGithubWebhookRoute = "/webhooks/github";
// Push payloads list up to 2048 commits with their file lists; a Journey repository's pushes are a
// tiny fraction of that. Larger bodies get 413.
inline constexpr std::size_t kMaxWebhookBodyBytes = 1024 * 1024;

// The largest body a request to `target` may send: kMaxWebhookBodyBytes for the webhook route (at "/"
// and under "/api"), `otherwise` for every other target. The Beast server sizes its body limit with it.
std::size_t requestBodyLimit(std::string_view target, std::size_t otherwise);

// The route's handler (http/handler.hpp): GithubWebhook::handle for the call.
Response githubWebhook(Services& services, const Call& call);

class GithubWebhook {
 public:
  GithubWebhook(store::Store& store, const ApiConfig& config);
  ~GithubWebhook();

  // A POST to the webhook route. 404 when no secret is configured (ApiConfig::githubWebhookSecret);
  // 413 over 1 MiB; 401 without a valid X-Hub-Signature-256; 400 for a missing X-GitHub-Event or
  // X-GitHub-Delivery, a body that is not JSON or not the documented shape of its event; 202 with the
  // reason for an event or push that scores nothing; 200 for a ping and for a push, with a summary.
  Response handle(const Request& req, const Target& target);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hdoc::http
