#include "http/writes.hpp"

#include <chrono>

#include "core/date.hpp"
#include "core/github_repo.hpp"
#include "core/json_writer.hpp"
#include "core/records.hpp"
#include "core/scoring.hpp"
#include "core/text.hpp"
#include "core/write_rules.hpp"
#include "http/api.hpp"
#include "http/entry_json.hpp"
#include "http/problem.hpp"
#include "http/refusal.hpp"

namespace hdoc::http {
namespace {

using core::ParamError;
using core::Principal;

// Field bounds are the import rules' (core/records.hpp), so that a written record always re-imports;
// who may write what is core/write_rules.hpp.

Response created(std::string location, std::string body) {
  Response res = noStoreJson(201, std::move(body));
  res.set("Location", std::move(location));
  return res;
}

Response noContent() {
  Response res;
  res.status = 204;
  res.set("Cache-Control", "no-store");
  return res;
}

// Refuses with 403 when a rule says no.
void check(std::optional<std::string_view> refusal, const Call& c) {
  if (refusal) refuse(problem(403, *refusal, c.target.path));
}

[[noreturn]] void badPath(const Call& c, std::string name, std::string reason) {
  std::string detail = "path parameter '" + name + "' " + reason;
  refuse(problem(400, detail, c.target.path, {ParamError{std::move(name), std::move(reason)}}));
}

[[noreturn]] void noSuchUser(const Call& c, const std::string& profile) {
  refuse(problem(404, "no journeyer with githubProfile '" + profile + "'", c.target.path));
}

[[noreturn]] void noSuchArticle(const Call& c, const std::string& idText) {
  refuse(problem(404, "no article with id " + idText, c.target.path));
}

std::string prefixOf(const Target& t) {
  return std::string(apiPrefix(t));
}

std::int64_t now(const ApiConfig& config) {
  if (config.clock) return config.clock();
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The body's fields, or the refusal (413, 415, 400).
boost::json::object bodyOf(Services& s, const Call& c) {
  return orRefuse(parseJsonObject(c.request, c.target.path, s.config.maxBodyBytes));
}

// Every error the reader collected, or nothing: the body is refused as a whole (400) or accepted.
void finish(FieldReader& r, const Call& c, std::vector<ParamError> more = {}) {
  auto errors = r.finish();
  errors.insert(errors.end(), more.begin(), more.end());
  if (!errors.empty()) refuse(invalidBody(c.target.path, errors));
}

core::User userOf(Services& s, const Call& c) {
  auto user = s.store.findUser(c.params[0]);
  if (!user) noSuchUser(c, c.params[0]);
  return std::move(*user);
}

std::optional<core::User> callerProfile(Services& s, const Call& c) {
  return s.store.findUserByOwner(c.principal->sub);
}

core::Article articleOf(Services& s, const Call& c) {
  const auto id = core::parsePathInteger(c.params[0], core::kMaxArticleId);
  if (!id) badPath(c, "id", "must be an article id (a positive integer)");
  auto article = s.store.findArticle(*id);
  if (!article) noSuchArticle(c, c.params[0]);
  return std::move(*article);
}

// The article of a /articles/{id} path, when the caller may change it.
core::Article ownedArticle(Services& s, const Call& c) {
  core::Article article = articleOf(s, c);
  const auto mine = c.principal->isAdmin() ? std::nullopt : callerProfile(s, c);
  check(core::articleWriteRefusal(article, mine ? &*mine : nullptr, *c.principal), c);
  return article;
}

// The profile fields a caller may write. `creating`: POST (githubProfile and name required);
// otherwise PATCH (every field optional, githubProfile only as it already is).
void readProfileFields(FieldReader& r, core::User& user, bool creating) {
  if (creating) {
    if (auto v = r.string("githubProfile", {.maxBytes = 39, .required = true, .nonEmpty = true})) {
      if (core::isValidGithubProfile(*v)) {
        user.githubProfile = *v;
      } else {
        r.fail("githubProfile", "must be 1 to 39 characters among letters, digits and - _ . '");
      }
    }
  } else if (auto v = r.string("githubProfile", {.maxBytes = 39})) {
    if (*v != user.githubProfile) r.fail("githubProfile", "cannot be changed (it is the profile's key)");
  }
  if (auto v = r.string("name", {.maxBytes = core::kMaxNameBytes, .required = creating, .nonEmpty = true})) {
    user.name = *v;
  }
  if (auto v = r.string("twitterProfile", {.maxBytes = core::kMaxTwitterBytes})) user.twitterProfile = *v;
  if (auto v = r.string("linkedinProfile", {.maxBytes = core::kMaxLinkedinBytes})) user.linkedinProfile = *v;
  if (auto v = r.url("avatarImage", {.allowEmpty = true})) user.avatarImage = *v;
  if (r.takeNull("bio")) {
    user.bio.reset();  // null clears the bio
  } else if (auto v = r.string("bio", {.maxBytes = core::kMaxBioBytes, .prose = true})) {
    user.bio = *v;
  }
  // The Journey repository whose pushes score the GitHub days; null unlinks it.
  if (r.takeNull("githubJourneyRepo")) {
    user.githubJourneyRepo.reset();
  } else if (auto v =
                 r.string("githubJourneyRepo", {.maxBytes = core::kMaxJourneyRepoLength, .nonEmpty = true})) {
    if (auto problem = core::journeyRepoProblem(*v, user.githubProfile)) {
      r.fail("githubJourneyRepo", std::move(*problem));
    } else {
      user.githubJourneyRepo = *v;
    }
  }
  for (auto field : core::kComputedUserFields) r.forbid(field, "is not writable: hdoc computes it");
}

void readArticleFields(FieldReader& r, core::Article& a, bool creating) {
  if (auto v = r.string(
          "title",
          {.maxBytes = core::kMaxTitleBytes, .required = creating, .nonEmpty = true, .prose = true})) {
    a.title = *v;
  }
  if (auto v = r.string("subtitle", {.maxBytes = core::kMaxSubtitleBytes, .prose = true})) a.subtitle = *v;
  if (auto v = r.url("image", {.allowEmpty = true})) a.image = *v;
  if (auto v = r.string("tags", {.maxBytes = core::kMaxTagBytes, .required = creating, .nonEmpty = true})) {
    a.tags = *v;
  }
  r.forbid("id", "is not writable: hdoc assigns it");
  r.forbid("author", "is not writable: it is the caller's githubProfile");
}

}  // namespace

// Each handler: parse -> rule -> store -> respond. A step that refuses throws its Refusal (the
// dispatcher answers it), so nothing is written unless every step before the store call passed.

Response createProfile(Services& s, const Call& c) {
  const boost::json::object body = bodyOf(s, c);
  FieldReader r(body);
  core::User user;
  readProfileFields(r, user, true);
  finish(r, c);
  user.id = core::derivedUserId(user.githubProfile);
  user.dateJoined = core::formatUtcTimestamp(now(s.config));
  user.status = true;
  user.owner = c.principal->sub;
  s.store.createUser(user);  // 409 (StoreError Conflict) when the handle or the account is taken
  return created(prefixOf(c.target) + "/users/" + user.githubProfile, core::toJson(user));
}

Response updateProfile(Services& s, const Call& c) {
  core::User user = userOf(s, c);
  check(core::profileWriteRefusal(user, *c.principal, core::ProfileWrite::Change), c);
  const boost::json::object body = bodyOf(s, c);
  FieldReader r(body);
  readProfileFields(r, user, false);
  finish(r, c);
  if (!s.store.updateProfile(user)) noSuchUser(c, c.params[0]);
  auto fresh = s.store.findUser(user.githubProfile);
  if (!fresh) noSuchUser(c, c.params[0]);
  return noStoreJson(200, core::toJson(*fresh));
}

Response deleteProfile(Services& s, const Call& c) {
  const core::User user = userOf(s, c);
  check(core::profileWriteRefusal(user, *c.principal, core::ProfileWrite::Change), c);
  if (!s.store.deleteUser(c.params[0])) noSuchUser(c, c.params[0]);
  return noContent();
}

Response logDay(Services& s, const Call& c) {
  const core::User user = userOf(s, c);
  check(core::profileWriteRefusal(user, *c.principal, core::ProfileWrite::LogDays), c);
  const boost::json::object body = bodyOf(s, c);
  FieldReader r(body);
  core::Entry entry;
  entry.githubProfile = user.githubProfile;
  const std::int64_t today = now(s.config) / 86400;
  if (auto v = r.integer(
          "day", {.min = core::kFirstChallengeDay, .max = core::kLastChallengeDay, .required = true})) {
    entry.day = static_cast<int>(*v);
  }
  if (auto v = r.string("platform", {.maxBytes = 16, .required = true})) {
    if (auto p = core::parsePlatform(*v)) {
      entry.platform = *p;
    } else {
      r.fail("platform", "must be \"github\" or \"twitter\"");
    }
  }
  if (auto v = r.url("url", {.required = true, .httpsOnly = true})) entry.url = *v;
  entry.date = core::formatDate(today);
  if (auto v = r.string("date", {.maxBytes = 10})) {
    if (auto problem = core::entryDateProblem(*v, today)) {
      r.fail("date", *problem);
    } else {
      entry.date = *v;
    }
  }
  r.forbid("verified", "is not writable here: an admin rejects entries with PATCH");
  r.forbid("githubProfile", "is not writable: it is the path's journeyer");
  finish(r, c);
  std::vector<ParamError> invalid;
  for (const auto& e : core::validateEntry(entry)) invalid.push_back({e.field, e.problem});
  if (!invalid.empty()) refuse(invalidBody(c.target.path, invalid));
  const auto written = s.store.putEntry(entry);
  switch (written.outcome) {
    case store::Store::EntryOutcome::Created:
      return created(prefixOf(c.target) + "/users/" + user.githubProfile + "/entries",
                     entryJson(*written.stored));
    case store::Store::EntryOutcome::Identical:
      return noStoreJson(200, entryJson(*written.stored));
    case store::Store::EntryOutcome::Conflict:
      return problem(409,
                     "day " + std::to_string(entry.day) + " on " +
                         std::string(core::platformName(entry.platform)) +
                         " is already logged with another url or date: " + entryJson(*written.stored),
                     c.target.path);
    case store::Store::EntryOutcome::NoSuchUser:
      break;
  }
  noSuchUser(c, c.params[0]);
}

Response verifyEntry(Services& s, const Call& c) {
  const std::string& profile = c.params[0];
  const auto platform = core::parsePlatform(c.params[1]);
  if (!platform) badPath(c, "platform", "must be \"github\" or \"twitter\"");
  const auto day = core::parsePathInteger(c.params[2], core::kLastChallengeDay);
  if (!day) badPath(c, "day", "must be an integer from 1 to 100");
  check(core::entryVerificationRefusal(*c.principal), c);
  const boost::json::object body = bodyOf(s, c);
  FieldReader r(body);
  const auto verified = r.boolean("verified", {.required = true});
  finish(r, c);
  auto entry = s.store.setEntryVerified(profile, *platform, static_cast<int>(*day), *verified);
  if (!entry) {
    if (!s.store.findUser(profile)) noSuchUser(c, profile);
    return problem(404, "no entry for that day and platform", c.target.path);
  }
  return noStoreJson(200, entryJson(*entry));
}

Response createArticle(Services& s, const Call& c) {
  const auto author = callerProfile(s, c);
  check(core::articleCreationRefusal(author ? &*author : nullptr), c);
  const boost::json::object body = bodyOf(s, c);
  FieldReader r(body);
  core::Article article;
  readArticleFields(r, article, true);
  finish(r, c);
  article.author = author->githubProfile;
  const core::Article stored = s.store.createArticle(article);
  return created(prefixOf(c.target) + "/articles/" + std::to_string(stored.id), core::toJson(stored));
}

Response updateArticle(Services& s, const Call& c) {
  core::Article article = ownedArticle(s, c);
  const boost::json::object body = bodyOf(s, c);
  FieldReader r(body);
  readArticleFields(r, article, false);
  finish(r, c);
  if (!s.store.replaceArticle(article)) noSuchArticle(c, c.params[0]);
  return noStoreJson(200, core::toJson(article));
}

Response deleteArticle(Services& s, const Call& c) {
  const core::Article article = ownedArticle(s, c);
  if (!s.store.deleteArticle(article.id)) noSuchArticle(c, c.params[0]);
  return noContent();
}

}  // namespace hdoc::http
