#include "http/writes.hpp"

#include <chrono>

#include "core/date.hpp"
#include "core/github_repo.hpp"
#include "core/json_writer.hpp"
#include "core/records.hpp"
#include "core/scoring.hpp"
#include "core/text.hpp"
#include "http/authentication.hpp"
#include "http/entry_json.hpp"
#include "http/problem.hpp"

namespace hdoc::http {
namespace {

using core::ParamError;
using core::Principal;

// Field bounds are the import rules' (core/records.hpp), so that a written record always re-imports.
using core::kMaxArticleId;

// Figures hdoc computes or assigns: a body naming one is refused, never silently ignored.
constexpr std::string_view kComputedUserFields[] = {"id",           "daysCompleted", "githubScore",
                                                    "githubStreak", "twitterScore",  "twitterStreak",
                                                    "dateJoined",   "status"};

Response json(int status, std::string body) {
  Response res;
  res.status = status;
  res.body = std::move(body);
  res.set("Cache-Control", "no-store");
  return res;
}

Response created(std::string location, std::string body) {
  Response res = json(201, std::move(body));
  res.set("Location", std::move(location));
  return res;
}

Response noContent() {
  Response res;
  res.status = 204;
  res.set("Cache-Control", "no-store");
  return res;
}

Response forbidden(std::string_view detail, std::string_view instance) {
  return problem(403, detail, instance);
}

Response badPath(std::string_view instance, std::string name, std::string reason) {
  std::string detail = "path parameter '" + name + "' " + reason;
  return problem(400, detail, instance, {ParamError{std::move(name), std::move(reason)}});
}

// "/api" when the caller used the /api prefix, so Location points where the caller is.
std::string prefixOf(const Target& t) {
  return t.path.starts_with("/api/") || t.path == "/api" ? "/api" : "";
}

bool sameProfile(std::string_view a, std::string_view b) {
  return core::asciiFold(a) == core::asciiFold(b);
}

std::optional<std::int64_t> positiveInteger(std::string_view text, std::int64_t max) {
  if (text.empty() || text.size() > 16 || text.front() == '0') return std::nullopt;
  std::int64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n <= max ? std::optional(n) : std::nullopt;
}

// The profile fields a caller may write. `creating`: POST (githubProfile and name required);
// otherwise PATCH (every field optional, githubProfile only as it already is).
void readProfileFields(FieldReader& r, core::User& user, bool creating) {
  if (creating) {
    if (auto v = r.string("githubProfile", 39, true, true)) {
      if (core::isValidGithubProfile(*v)) {
        user.githubProfile = *v;
      } else {
        r.fail("githubProfile", "must be 1 to 39 characters among letters, digits and - _ . '");
      }
    }
  } else if (auto v = r.string("githubProfile", 39, false)) {
    if (*v != user.githubProfile) r.fail("githubProfile", "cannot be changed (it is the profile's key)");
  }
  if (auto v = r.string("name", core::kMaxNameBytes, creating, true)) user.name = *v;
  if (auto v = r.string("twitterProfile", core::kMaxTwitterBytes, false)) user.twitterProfile = *v;
  if (auto v = r.string("linkedinProfile", core::kMaxLinkedinBytes, false)) user.linkedinProfile = *v;
  if (auto v = r.url("avatarImage", false, false, true)) user.avatarImage = *v;
  if (r.takeNull("bio")) {
    user.bio.reset();  // null clears the bio
  } else if (auto v = r.string("bio", core::kMaxBioBytes, false)) {
    user.bio = *v;
  }
  // The Journey repository whose pushes score the GitHub days; null unlinks it.
  if (r.takeNull("githubJourneyRepo")) {
    user.githubJourneyRepo.reset();
  } else if (auto v = r.string("githubJourneyRepo", core::kMaxJourneyRepoLength, false, true)) {
    if (auto problem = core::journeyRepoProblem(*v, user.githubProfile)) {
      r.fail("githubJourneyRepo", std::move(*problem));
    } else {
      user.githubJourneyRepo = *v;
    }
  }
  for (auto field : kComputedUserFields) r.forbid(field, "is not writable: hdoc computes it");
}

void readArticleFields(FieldReader& r, core::Article& a, bool creating) {
  if (auto v = r.string("title", core::kMaxTitleBytes, creating, true)) a.title = *v;
  if (auto v = r.string("subtitle", core::kMaxSubtitleBytes, false)) a.subtitle = *v;
  if (auto v = r.url("image", false, false, true)) a.image = *v;
  if (auto v = r.string("tags", core::kMaxTagBytes, creating, true)) a.tags = *v;
  r.forbid("id", "is not writable: hdoc assigns it");
  r.forbid("author", "is not writable: it is the caller's githubProfile");
}

}  // namespace

struct Writes::Impl {
  store::Store& store;
  const ApiConfig& config;
  RateLimiter limiter;

  Impl(store::Store& s, const ApiConfig& c) : store(s), config(c), limiter(c.writeRateLimit) {}

  std::int64_t now() const {
    if (config.clock) return config.clock();
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  // The body as fields, or the refusal (413, 415, 400).
  std::variant<boost::json::object, Response> body(const Request& req, const Target& t) {
    return parseJsonObject(req, t.path, config.maxBodyBytes);
  }

  std::optional<core::User> callerProfile(const Principal& p) { return store.findUserByOwner(p.sub); }

  // --- /users ---
  Response createProfile(const Request& req, const Target& t, const Principal& who) {
    auto parsed = body(req, t);
    if (auto* refused = std::get_if<Response>(&parsed)) return std::move(*refused);
    FieldReader r(std::get<boost::json::object>(parsed));
    core::User user;
    readProfileFields(r, user, true);
    auto errors = r.finish();
    if (!errors.empty()) return invalidBody(t.path, errors);
    user.id = core::derivedUserId(user.githubProfile);
    user.dateJoined = core::formatUtcTimestamp(now());
    user.status = true;
    user.owner = who.sub;
    store.createUser(user);  // 409 (StoreError Conflict) when the handle or the account is taken
    return created(prefixOf(t) + "/users/" + user.githubProfile, core::toJson(user));
  }

  // The journeyer of a /users/{githubProfile}... path and whether the caller may change it.
  std::variant<core::User, Response> ownedUser(const std::string& profile, const Principal& who,
                                               const Target& t, bool adminMay) {
    auto user = store.findUser(profile);
    if (!user) return problem(404, "no journeyer with githubProfile '" + profile + "'", t.path);
    const bool owner = !user->owner.empty() && user->owner == who.sub;
    if (!owner && !(adminMay && who.isAdmin())) {
      return forbidden(adminMay ? "only the journeyer who owns this profile, or an admin, may change it"
                                : "only the journeyer who owns this profile may log their days",
                       t.path);
    }
    return std::move(*user);
  }

  Response updateProfile(const Request& req, const Target& t, const std::string& profile,
                         const Principal& who) {
    auto owned = ownedUser(profile, who, t, true);
    if (auto* refused = std::get_if<Response>(&owned)) return std::move(*refused);
    core::User user = std::get<core::User>(owned);
    auto parsed = body(req, t);
    if (auto* refused = std::get_if<Response>(&parsed)) return std::move(*refused);
    FieldReader r(std::get<boost::json::object>(parsed));
    readProfileFields(r, user, false);
    auto errors = r.finish();
    if (!errors.empty()) return invalidBody(t.path, errors);
    if (!store.updateProfile(user))
      return problem(404, "no journeyer with githubProfile '" + profile + "'", t.path);
    auto fresh = store.findUser(user.githubProfile);
    if (!fresh) return problem(404, "no journeyer with githubProfile '" + profile + "'", t.path);
    return json(200, core::toJson(*fresh));
  }

  Response deleteProfile(const Target& t, const std::string& profile, const Principal& who) {
    auto owned = ownedUser(profile, who, t, true);
    if (auto* refused = std::get_if<Response>(&owned)) return std::move(*refused);
    if (!store.deleteUser(profile))
      return problem(404, "no journeyer with githubProfile '" + profile + "'", t.path);
    return noContent();
  }

  // --- entries ---
  Response logDay(const Request& req, const Target& t, const std::string& profile, const Principal& who) {
    auto owned = ownedUser(profile, who, t, false);
    if (auto* refused = std::get_if<Response>(&owned)) return std::move(*refused);
    const core::User& user = std::get<core::User>(owned);
    auto parsed = body(req, t);
    if (auto* refused = std::get_if<Response>(&parsed)) return std::move(*refused);
    FieldReader r(std::get<boost::json::object>(parsed));
    core::Entry entry;
    entry.githubProfile = user.githubProfile;
    const std::int64_t today = now() / 86400;
    if (auto v = r.integer("day", core::kFirstChallengeDay, core::kLastChallengeDay, true)) {
      entry.day = static_cast<int>(*v);
    }
    if (auto v = r.string("platform", 16, true)) {
      if (auto p = core::parsePlatform(*v)) {
        entry.platform = *p;
      } else {
        r.fail("platform", "must be \"github\" or \"twitter\"");
      }
    }
    if (auto v = r.url("url", true, true, false)) entry.url = *v;
    entry.date = core::formatDate(today);
    if (auto v = r.string("date", 10, false)) {
      const auto day = core::parseDate(*v);
      if (!day) {
        r.fail("date", "must be a real date written YYYY-MM-DD");
      } else if (*day > today + 1) {  // one day of slack for callers east of UTC
        r.fail("date", "must not be in the future");
      } else {
        entry.date = *v;
      }
    }
    r.forbid("verified", "is not writable here: an admin rejects entries with PATCH");
    r.forbid("githubProfile", "is not writable: it is the path's journeyer");
    auto errors = r.finish();
    if (errors.empty()) {
      for (const auto& e : core::validateEntry(entry)) errors.push_back({e.field, e.problem});
    }
    if (!errors.empty()) return invalidBody(t.path, errors);
    const auto written = store.putEntry(entry);
    switch (written.outcome) {
      case store::Store::EntryOutcome::Created:
        return created(prefixOf(t) + "/users/" + user.githubProfile + "/entries", entryJson(*written.stored));
      case store::Store::EntryOutcome::Identical:
        return json(200, entryJson(*written.stored));
      case store::Store::EntryOutcome::Conflict:
        return problem(409,
                       "day " + std::to_string(entry.day) + " on " +
                           std::string(core::platformName(entry.platform)) +
                           " is already logged with another url or date: " + entryJson(*written.stored),
                       t.path);
      case store::Store::EntryOutcome::NoSuchUser:
        break;
    }
    return problem(404, "no journeyer with githubProfile '" + profile + "'", t.path);
  }

  Response verifyEntry(const Request& req, const Target& t, const std::vector<std::string>& params,
                       const Principal& who) {
    const std::string& profile = params[0];
    const auto platform = core::parsePlatform(params[1]);
    if (!platform) return badPath(t.path, "platform", "must be \"github\" or \"twitter\"");
    const auto day = positiveInteger(params[2], core::kLastChallengeDay);
    if (!day) return badPath(t.path, "day", "must be an integer from 1 to 100");
    if (!who.isAdmin()) return forbidden("only an admin may accept or reject entries", t.path);
    auto parsed = body(req, t);
    if (auto* refused = std::get_if<Response>(&parsed)) return std::move(*refused);
    FieldReader r(std::get<boost::json::object>(parsed));
    const auto verified = r.boolean("verified", true);
    auto errors = r.finish();
    if (!errors.empty()) return invalidBody(t.path, errors);
    auto entry = store.setEntryVerified(profile, *platform, static_cast<int>(*day), *verified);
    if (!entry) {
      if (!store.findUser(profile))
        return problem(404, "no journeyer with githubProfile '" + profile + "'", t.path);
      return problem(404, "no entry for that day and platform", t.path);
    }
    return json(200, entryJson(*entry));
  }

  // --- articles ---
  Response createArticle(const Request& req, const Target& t, const Principal& who) {
    auto author = callerProfile(who);
    if (!author) {
      return forbidden("create your journeyer profile first: an article's author is your githubProfile",
                       t.path);
    }
    auto parsed = body(req, t);
    if (auto* refused = std::get_if<Response>(&parsed)) return std::move(*refused);
    FieldReader r(std::get<boost::json::object>(parsed));
    core::Article article;
    readArticleFields(r, article, true);
    auto errors = r.finish();
    if (!errors.empty()) return invalidBody(t.path, errors);
    article.author = author->githubProfile;
    const core::Article stored = store.createArticle(article);
    return created(prefixOf(t) + "/articles/" + std::to_string(stored.id), core::toJson(stored));
  }

  // The article of a /articles/{id} path and whether the caller may change it.
  std::variant<core::Article, Response> ownedArticle(const std::string& idText, const Principal& who,
                                                     const Target& t) {
    const auto id = positiveInteger(idText, kMaxArticleId);
    if (!id) return badPath(t.path, "id", "must be an article id (a positive integer)");
    auto article = store.findArticle(*id);
    if (!article) return problem(404, "no article with id " + idText, t.path);
    if (!who.isAdmin()) {
      auto mine = callerProfile(who);
      if (!mine || !sameProfile(mine->githubProfile, article->author)) {
        return forbidden("only the article's author, or an admin, may change it", t.path);
      }
    }
    return std::move(*article);
  }

  Response updateArticle(const Request& req, const Target& t, const std::string& idText,
                         const Principal& who) {
    auto owned = ownedArticle(idText, who, t);
    if (auto* refused = std::get_if<Response>(&owned)) return std::move(*refused);
    core::Article article = std::get<core::Article>(owned);
    auto parsed = body(req, t);
    if (auto* refused = std::get_if<Response>(&parsed)) return std::move(*refused);
    FieldReader r(std::get<boost::json::object>(parsed));
    readArticleFields(r, article, false);
    auto errors = r.finish();
    if (!errors.empty()) return invalidBody(t.path, errors);
    if (!store.replaceArticle(article)) return problem(404, "no article with id " + idText, t.path);
    return json(200, core::toJson(article));
  }

  Response deleteArticle(const Target& t, const std::string& idText, const Principal& who) {
    auto owned = ownedArticle(idText, who, t);
    if (auto* refused = std::get_if<Response>(&owned)) return std::move(*refused);
    if (!store.deleteArticle(std::get<core::Article>(owned).id)) {
      return problem(404, "no article with id " + idText, t.path);
    }
    return noContent();
  }
};

Writes::Writes(store::Store& store, const ApiConfig& config) : impl_(std::make_unique<Impl>(store, config)) {}
Writes::~Writes() = default;

Response Writes::handle(const RouteInfo& route, const Request& req, const Target& t,
                        const std::vector<std::string>& params) {
  auto who = authenticate(req, impl_->config.verifier.get(), t.path);
  if (auto* refused = std::get_if<Response>(&who)) return std::move(*refused);
  const Principal& principal = std::get<Principal>(who);
  if (const int wait = impl_->limiter.acquire(principal.sub)) {
    Response res = problem(429, "too many writes: try again in " + std::to_string(wait) + " s", t.path);
    res.set("Retry-After", std::to_string(wait));
    return res;
  }
  if (req.body.size() > impl_->config.maxBodyBytes) {
    return problem(
        413, "the request body is larger than " + std::to_string(impl_->config.maxBodyBytes / 1024) + " KiB",
        t.path);
  }
  const std::string_view pattern = route.pattern;
  const std::string_view method = req.method;
  if (pattern == "/users" && method == "POST") return impl_->createProfile(req, t, principal);
  if (pattern == "/users/{githubProfile}" && method == "PATCH") {
    return impl_->updateProfile(req, t, params[0], principal);
  }
  if (pattern == "/users/{githubProfile}" && method == "DELETE")
    return impl_->deleteProfile(t, params[0], principal);
  if (pattern == "/users/{githubProfile}/entries" && method == "POST") {
    return impl_->logDay(req, t, params[0], principal);
  }
  if (pattern == "/users/{githubProfile}/entries/{platform}/{day}" && method == "PATCH") {
    return impl_->verifyEntry(req, t, params, principal);
  }
  if (pattern == "/articles" && method == "POST") return impl_->createArticle(req, t, principal);
  if (pattern == "/articles/{id}" && method == "PATCH")
    return impl_->updateArticle(req, t, params[0], principal);
  if (pattern == "/articles/{id}" && method == "DELETE") return impl_->deleteArticle(t, params[0], principal);
  return problem(405, "method " + req.method + " is not allowed here", t.path);
}

}  // namespace hdoc::http
