#include "http/github_webhook.hpp"

#include <boost/json.hpp>
#include <chrono>

#include "auth/webhook_signature.hpp"
#include "core/github_push.hpp"
#include "core/json_writer.hpp"
#include "http/entry_json.hpp"
#include "http/json_body.hpp"
#include "http/problem.hpp"

namespace hdoc::http {
namespace {

namespace json = boost::json;

// GitHub's delivery ids are GUIDs; anything else is not a delivery from GitHub.
bool isDeliveryId(std::string_view id) {
  if (id.empty() || id.size() > 100) return false;
  for (char c : id) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
    if (!ok) return false;
  }
  return true;
}

// {"delivery": ..., "event": ...,
std::string opening(std::string_view delivery, std::string_view event) {
  std::string out = "{\"delivery\":";
  core::appendJsonString(out, delivery);
  out += ",\"event\":";
  core::appendJsonString(out, event);
  return out;
}

// 202: delivered and understood, but it scores nothing; GitHub's log shows the reason.
Response ignored(std::string_view delivery, std::string_view event, std::string_view reason) {
  std::string body = opening(delivery, event);
  body += ",\"ignored\":true,\"reason\":";
  core::appendJsonString(body, reason);
  body += "}";
  return noStoreJson(202, std::move(body));
}

Response unauthorized(std::string_view detail, std::string_view instance) {
  Response res = problem(401, detail, instance);
  // RFC 9110 section 11.6.1: a 401 names the scheme the client should use.
  res.set("WWW-Authenticate", std::string(auth::kGithubSignatureHeader));
  return res;
}

Response badPayload(std::string_view instance, const std::vector<core::FieldError>& errors) {
  std::vector<core::ParamError> params;
  for (const auto& e : errors) params.push_back({e.field, e.problem});
  std::string detail = "the payload is not the documented shape: ";
  for (std::size_t i = 0; i < params.size() && i < 10; ++i) {
    if (i) detail += "; ";
    detail += params[i].name + " " + params[i].reason;
  }
  return problem(400, detail, instance, params);
}

void appendEntries(std::string& out, std::string_view name, const std::vector<core::Entry>& entries) {
  out += ",\"";
  out += name;
  out += "\":[";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i) out.push_back(',');
    appendJson(out, entries[i]);
  }
  out += "]";
}

}  // namespace

std::size_t requestBodyLimit(std::string_view target, std::size_t otherwise) {
  // The server asks for every request: the common case must not pay for parsing the target.
  if (target.find("webhooks") == std::string_view::npos) return otherwise;
  std::string why;
  const auto parsed = parseTarget(target, why);
  const bool webhook = parsed && parsed->segments.size() == 2 && parsed->segments[0] == "webhooks" &&
                       parsed->segments[1] == "github";
  return webhook ? std::max(otherwise, kMaxWebhookBodyBytes) : otherwise;
}

struct GithubWebhook::Impl {
  store::Store& store;
  const ApiConfig& config;

  std::int64_t now() const {
    if (config.clock) return config.clock();
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  Response push(const json::value& payload, std::string_view delivery, const Target& t) {
    auto read = core::readPushEvent(payload);
    if (auto* errors = std::get_if<std::vector<core::FieldError>>(&read)) return badPayload(t.path, *errors);
    const core::PushEvent& event = std::get<core::PushEvent>(read);
    // What the push itself rules out needs no lookup.
    if (auto refusal = core::pushRefusal(event)) return ignored(delivery, "push", *refusal);
    const auto link = store.findJourneyLink(event.repository.fullName);
    const std::int64_t received = now();
    const core::PushPlan plan =
        core::planPush(event, link ? std::optional(link->githubProfile) : std::nullopt, received / 86400);
    if (plan.refusal) return ignored(delivery, "push", *plan.refusal);

    store::Store::GithubPush write{std::string(delivery), event.repository.fullName, link->githubProfile,
                                   plan.entries, received};
    const auto result = store.recordGithubPush(write);
    if (result.outcome == store::Store::PushOutcome::NotLinked) {
      return ignored(delivery, "push",
                     event.repository.fullName + " is no longer linked to " + link->githubProfile);
    }
    std::string body = opening(delivery, "push");
    body += ",\"repository\":";
    core::appendJsonString(body, event.repository.fullName);
    body += ",\"journeyer\":";
    core::appendJsonString(body, link->githubProfile);
    body += result.outcome == store::Store::PushOutcome::Redelivered ? ",\"redelivered\":true"
                                                                     : ",\"redelivered\":false";
    appendEntries(body, "daysAdded", result.added);
    appendEntries(body, "daysAlreadyPresent", result.present);
    body += ",\"pathsIgnored\":[";
    for (std::size_t i = 0; i < plan.ignored.size(); ++i) {
      if (i) body.push_back(',');
      body += "{\"path\":";
      core::appendJsonString(body, plan.ignored[i].path);
      body += ",\"commit\":";
      core::appendJsonString(body, plan.ignored[i].commit);
      body += ",\"reason\":";
      core::appendJsonString(body, plan.ignored[i].reason);
      body += "}";
    }
    body += "],\"pathsIgnoredNotListed\":" + std::to_string(plan.ignoredOmitted) + "}";
    return noStoreJson(200, std::move(body));
  }
};

GithubWebhook::GithubWebhook(store::Store& store, const ApiConfig& config)
    : impl_(std::make_unique<Impl>(Impl{store, config})) {}
GithubWebhook::~GithubWebhook() = default;

Response githubWebhook(Services& services, const Call& call) {
  return GithubWebhook(services.store, services.config).handle(call.request, call.target);
}

Response GithubWebhook::handle(const Request& req, const Target& t) {
  const std::string& secret = impl_->config.githubWebhookSecret;
  // Without a secret nothing could be verified: the route is as good as absent.
  if (secret.empty()) return problem(404, "the GitHub webhook is not enabled on this server", t.path);
  if (req.body.size() > kMaxWebhookBodyBytes) {
    return problem(413,
                   "the request body is larger than " + std::to_string(kMaxWebhookBodyBytes / 1024) + " KiB",
                   t.path);
  }
  switch (auth::checkGithubSignature(secret, req.body, req.header(auth::kGithubSignatureHeader))) {
    case auth::SignatureCheck::Valid:
      break;
    case auth::SignatureCheck::Missing:
      return unauthorized("X-Hub-Signature-256 is missing: give the webhook the secret hdoc was given",
                          t.path);
    case auth::SignatureCheck::Malformed:
      return unauthorized("X-Hub-Signature-256 must be sha256= followed by 64 lower-case hex digits", t.path);
    case auth::SignatureCheck::Mismatch:
      return unauthorized(
          "X-Hub-Signature-256 does not match the body: another secret, or the body was changed", t.path);
  }

  // Signed by GitHub: from here on, whatever is wrong is the delivery's shape.
  const std::string event(req.header("X-GitHub-Event"));
  const std::string delivery(req.header("X-GitHub-Delivery"));
  std::vector<core::ParamError> headers;
  if (event.empty()) headers.push_back({"X-GitHub-Event", "is required"});
  if (!isDeliveryId(delivery)) headers.push_back({"X-GitHub-Delivery", "must be the delivery's GUID"});
  if (!headers.empty()) return problem(400, "the delivery lacks GitHub's headers", t.path, headers);
  if (event != "ping" && event != "push") {
    return ignored(delivery, event, "hdoc scores push events only; " + event + " is ignored");
  }
  if (!isJsonMediaType(req.header("Content-Type"))) {
    return problem(400, "the payload must be JSON: set the webhook's content type to application/json",
                   t.path, {{"Content-Type", "must be application/json"}});
  }
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 32;
  const json::value payload = json::parse(req.body, ec, {}, options);
  if (ec)
    return problem(400, "the payload is not valid JSON: " + ec.message(), t.path,
                   {{"(body)", "is not JSON"}});

  if (event == "ping") {
    auto ping = core::readPingEvent(payload);
    if (auto* errors = std::get_if<std::vector<core::FieldError>>(&ping)) return badPayload(t.path, *errors);
    std::string body = opening(delivery, "ping");
    body += ",\"zen\":";
    core::appendJsonString(body, std::get<core::PingEvent>(ping).zen);
    body += ",\"hookId\":" + std::to_string(std::get<core::PingEvent>(ping).hookId) + "}";
    return noStoreJson(200, std::move(body));
  }
  return impl_->push(payload, delivery, t);
}

}  // namespace hdoc::http
