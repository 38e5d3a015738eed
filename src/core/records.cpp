#include "core/records.hpp"

#include <boost/json.hpp>
#include <functional>
#include <limits>
#include <set>

#include "core/date.hpp"
#include "core/github_repo.hpp"
#include "core/text.hpp"

namespace hdoc::core {
namespace {

namespace json = boost::json;

class Reader {
 public:
  explicit Reader(const json::object& obj, std::vector<FieldError>& errors) : obj_(obj), errors_(errors) {}

  const json::value* find(std::string_view key) {
    seen_.emplace(key);
    auto it = obj_.find(key);
    return it == obj_.end() ? nullptr : &it->value();
  }

  bool has(std::string_view key) const { return obj_.contains(key); }

  void string(std::string_view key, std::string& out, std::size_t maxLen, bool required = true,
              bool allowEmpty = true) {
    text(key, out, maxLen, required, allowEmpty, TextKind::SingleLine);
  }

  // A required string that may hold line breaks and tabs (a bio, a title, a subtitle).
  void prose(std::string_view key, std::string& out, std::size_t maxLen) {
    text(key, out, maxLen, true, true, TextKind::Prose);
  }

  void integer(std::string_view key, std::int64_t& out, std::int64_t min, std::int64_t max) {
    const json::value* v = find(key);
    if (!v) return fail(key, "is required");
    std::int64_t n;
    if (v->is_int64()) {
      n = v->get_int64();
    } else if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(max)) {
      n = static_cast<std::int64_t>(v->get_uint64());
    } else if (v->is_uint64()) {
      return fail(key, "must be at most " + std::to_string(max));
    } else {
      return fail(key, "must be an integer");
    }
    if (n < min || n > max) {
      return fail(key, "must be from " + std::to_string(min) + " to " + std::to_string(max));
    }
    out = n;
  }

  void fail(std::string_view key, std::string problem) {
    errors_.push_back({std::string(key), std::move(problem)});
  }

  // Every field the record has but no rule read is an error.
  void rejectUnknown() {
    for (const auto& kv : obj_) {
      if (!seen_.contains(std::string(kv.key()))) fail(kv.key(), "unknown field");
    }
  }

 private:
  void text(std::string_view key, std::string& out, std::size_t maxLen, bool required, bool allowEmpty,
            TextKind kind) {
    const json::value* v = find(key);
    if (!v) {
      if (required) fail(key, "is required");
      return;
    }
    if (!v->is_string()) return fail(key, "must be a string");
    const auto& s = v->get_string();
    if (!allowEmpty && s.empty()) return fail(key, "must not be empty");
    if (s.size() > maxLen) return fail(key, "must be at most " + std::to_string(maxLen) + " bytes");
    if (!isAcceptableText(s, kind)) return fail(key, std::string(controlCharacterProblem(kind)));
    out.assign(s.data(), s.size());
  }

  const json::object& obj_;
  std::vector<FieldError>& errors_;
  std::set<std::string, std::less<>> seen_;
};

void checkUserRules(const User& u, std::vector<FieldError>& errors) {
  auto fail = [&](const char* f, const char* p) { errors.push_back({f, p}); };
  if (u.id.empty()) fail("id", "must not be empty");
  if (!isValidGithubProfile(u.githubProfile)) {
    fail("githubProfile", "must be 1 to 39 characters among letters, digits and - _ . '");
  }
  if (!u.avatarImage.empty() && !isHttpUrl(u.avatarImage)) fail("avatarImage", "must be an http(s) URL");
  if (!parseUtcTimestamp(u.dateJoined)) fail("dateJoined", "must be an ISO-8601 UTC timestamp");
  if (u.githubJourneyRepo) {
    if (auto problem = journeyRepoProblem(*u.githubJourneyRepo, u.githubProfile)) {
      errors.push_back({"githubJourneyRepo", std::move(*problem)});
    }
  }
}

}  // namespace

bool isAcceptableText(std::string_view s, TextKind kind) {
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c != 0x7f) continue;
    if (kind == TextKind::Prose && (c == '\t' || c == '\n' || c == '\r')) continue;
    return false;
  }
  return true;
}

std::string_view controlCharacterProblem(TextKind kind) {
  return kind == TextKind::Prose ? "must not contain control characters other than tab, line feed and "
                                   "carriage return"
                                 : "must not contain control characters";
}

bool isValidGithubProfile(std::string_view s) {
  // GitHub itself allows letters, digits and '-', but the community's older export has handles
  // with '_', '.' and apostrophes ("EricaO'Kon"), and they must import unchanged. Everything here
  // is safe as one URL path segment; "." and ".." are not.
  if (s.empty() || s.size() > 39 || s == "." || s == "..") return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.' || c == '\'';
    if (!ok) return false;
  }
  return true;
}

bool isHttpUrl(std::string_view s) {
  std::string_view rest;
  if (s.starts_with("https://")) {
    rest = s.substr(8);
  } else if (s.starts_with("http://")) {
    rest = s.substr(7);
  } else {
    return false;
  }
  if (rest.empty() || rest.front() == '/' || rest.front() == ':') return false;
  for (char c : rest) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == '\\' || c == '"' || c == '<' || c == '>') return false;
  }
  return true;
}

std::string derivedUserId(std::string_view githubProfile) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a: stable across builds and platforms
  for (char c : asciiFold(githubProfile)) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  std::string id(5, '0');
  for (char& c : id) {
    c = kAlphabet[h % 62];
    h /= 62;
  }
  return id;
}

std::vector<FieldError> validateUser(const User& u) {
  std::vector<FieldError> errors;
  checkUserRules(u, errors);
  return errors;
}

Validated<User> userFromJson(const json::value& record) {
  Validated<User> result;
  auto& errors = result.errors;
  if (!record.is_object()) {
    errors.push_back({"(record)", "must be a JSON object"});
    return result;
  }
  Reader r(record.get_object(), errors);
  User& u = result.value;
  const bool snake = r.has("github_username");
  auto status = [&](std::string_view key) {
    const json::value* v = r.find(key);
    if (!v) return r.fail(key, "is required");
    if (v->is_bool()) {
      u.status = v->get_bool();
    } else if (v->is_string() && (v->get_string() == "active" || v->get_string() == "inactive")) {
      u.status = v->get_string() == "active";
    } else {
      r.fail(key, snake ? "must be \"active\" or \"inactive\"" : "must be a boolean");
    }
  };
  auto bio = [&](std::string_view key) {
    if (!r.has(key)) return (void)r.find(key);
    std::string text;
    r.prose(key, text, kMaxBioBytes);
    u.bio = std::move(text);
  };
  if (snake) {
    r.string("full_name", u.name, kMaxNameBytes);
    bio("bio");
    r.integer("days_completed", u.daysCompleted, 0, 100);
    r.integer("github_score", u.githubScore, 0, kMaxScore);
    r.integer("github_streak", u.githubStreak, 0, kMaxScore);
    r.string("github_username", u.githubProfile, 39);
    r.string("linkedin_profile", u.linkedinProfile, kMaxLinkedinBytes);
    status("status");
    r.integer("twitter_score", u.twitterScore, 0, kMaxScore);
    r.integer("twitter_streak", u.twitterStreak, 0, kMaxScore);
    r.string("twitter_username", u.twitterProfile, kMaxTwitterBytes);
    r.string("avatar_image", u.avatarImage, kMaxUrlBytes);
    // The snake_case export has no id and no join date: an explicit one wins, else the id is
    // derived from the handle and the join date is the last entry's (the only date it has).
    if (r.has("id")) {
      r.string("id", u.id, 64, true, false);
    } else {
      r.find("id");
      u.id = derivedUserId(u.githubProfile);
    }
    if (r.has("date_joined")) {
      r.string("date_joined", u.dateJoined, 40);
      r.find("last_entry_at");
    } else {
      r.string("last_entry_at", u.dateJoined, 40);
    }
  } else {
    r.string("id", u.id, 64, true, false);
    r.string("name", u.name, kMaxNameBytes);
    r.integer("daysCompleted", u.daysCompleted, 0, 100);
    r.string("githubProfile", u.githubProfile, 39);
    r.integer("githubScore", u.githubScore, 0, kMaxScore);
    r.integer("githubStreak", u.githubStreak, 0, kMaxScore);
    r.string("twitterProfile", u.twitterProfile, kMaxTwitterBytes);
    r.integer("twitterScore", u.twitterScore, 0, kMaxScore);
    r.integer("twitterStreak", u.twitterStreak, 0, kMaxScore);
    r.string("linkedinProfile", u.linkedinProfile, kMaxLinkedinBytes);
    status("status");
    r.string("avatarImage", u.avatarImage, kMaxUrlBytes);
    r.string("dateJoined", u.dateJoined, 40);
    bio("bio");
    if (r.has("githubJourneyRepo")) {
      std::string repo;
      r.string("githubJourneyRepo", repo, kMaxJourneyRepoLength);
      u.githubJourneyRepo = std::move(repo);
    }
  }
  r.rejectUnknown();
  if (errors.empty()) checkUserRules(u, errors);
  return result;
}

std::vector<FieldError> validateArticle(const Article& a) {
  std::vector<FieldError> errors;
  if (a.id < 1 || a.id > kMaxArticleId) errors.push_back({"id", "must be a positive integer"});
  if (a.tags.empty()) errors.push_back({"tags", "must not be empty"});
  if (!a.image.empty() && !isHttpUrl(a.image)) errors.push_back({"image", "must be an http(s) URL"});
  return errors;
}

Validated<Article> articleFromJson(const json::value& record) {
  Validated<Article> result;
  auto& errors = result.errors;
  if (!record.is_object()) {
    errors.push_back({"(record)", "must be a JSON object"});
    return result;
  }
  Reader r(record.get_object(), errors);
  Article& a = result.value;
  r.integer("id", a.id, 1, kMaxArticleId);
  r.prose("title", a.title, kMaxTitleBytes);
  r.prose("subtitle", a.subtitle, kMaxSubtitleBytes);
  r.string("image", a.image, kMaxUrlBytes);
  r.string("tags", a.tags, kMaxTagBytes, true, false);
  r.string("author", a.author, 39);
  r.rejectUnknown();
  if (errors.empty()) {
    auto more = validateArticle(a);
    errors.insert(errors.end(), more.begin(), more.end());
  }
  return result;
}

}  // namespace hdoc::core
