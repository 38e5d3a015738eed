// GitHub's push and ping webhook payloads, read into the fields hdoc uses. The shape checked is GitHub's
// documented one (docs.github.com "Webhook events and payloads"; the JSON schema of octokit/webhooks,
// whose examples those pages show): every property the schema requires must be there with its type,
// other properties are ignored, so payloads that grow new fields keep working. Pure: no I/O.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/records.hpp"

namespace hdoc::core {

struct PushCommit {
  std::string id;                 // the commit SHA
  bool distinct = true;           // false: already pushed before (to this or another branch)
  std::string timestamp;          // ISO 8601 with its offset, as GitHub sends it
  std::int64_t epochSeconds = 0;  // the instant `timestamp` names
  std::string url;
  std::vector<std::string> added, removed, modified;
};

struct PushEvent {
  std::string ref;  // "refs/heads/main", "refs/tags/v1"
  std::string before, after;
  bool created = false, deleted = false, forced = false;
  std::vector<PushCommit> commits;  // in the order GitHub lists them
  struct Repository {
    std::string fullName;  // "owner/name"
    std::string name;
    std::string ownerLogin;
    std::string defaultBranch;  // "main"
    bool fork = false;
  } repository;
};

struct PingEvent {
  std::string zen;
  std::int64_t hookId = 0;
};

// The instant an ISO 8601 timestamp with seconds and a zone ("2013-07-06T03:05:29-07:00",
// "2019-05-15T15:19:25Z", optionally with a fraction) names, in seconds since the Unix epoch; nullopt
// when it is not one.
std::optional<std::int64_t> parseIsoInstant(std::string_view text);

// The payload read, or every field that does not have the documented shape (named like
// "commits[0].timestamp"), for a 400 that says what is wrong.
std::variant<PushEvent, std::vector<FieldError>> readPushEvent(const boost::json::value& payload);
std::variant<PingEvent, std::vector<FieldError>> readPingEvent(const boost::json::value& payload);

}  // namespace hdoc::core
