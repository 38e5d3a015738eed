#include "core/write_rules.hpp"

#include "core/date.hpp"
#include "core/text.hpp"

namespace hdoc::core {

std::optional<std::string_view> profileWriteRefusal(const User& profile, const Principal& who,
                                                    ProfileWrite what) {
  const bool owner = !profile.owner.empty() && profile.owner == who.sub;
  if (owner) return std::nullopt;
  if (what == ProfileWrite::Change) {
    if (who.isAdmin()) return std::nullopt;
    return "only the journeyer who owns this profile, or an admin, may change it";
  }
  return "only the journeyer who owns this profile may log their days";
}

std::optional<std::string_view> entryVerificationRefusal(const Principal& who) {
  if (who.isAdmin()) return std::nullopt;
  return "only an admin may accept or reject entries";
}

std::optional<std::string_view> articleWriteRefusal(const Article& article, const User* callerProfile,
                                                    const Principal& who) {
  if (who.isAdmin()) return std::nullopt;
  if (callerProfile && asciiFold(callerProfile->githubProfile) == asciiFold(article.author))
    return std::nullopt;
  return "only the article's author, or an admin, may change it";
}

std::optional<std::string_view> articleCreationRefusal(const User* callerProfile) {
  if (callerProfile) return std::nullopt;
  return "create your journeyer profile first: an article's author is your githubProfile";
}

std::optional<std::string> entryDateProblem(std::string_view date, std::int64_t today) {
  const auto day = parseDate(date);
  if (!day) return "must be a real date written YYYY-MM-DD";
  if (*day > today + 1) return "must not be in the future";
  return std::nullopt;
}

std::optional<std::int64_t> parsePathInteger(std::string_view text, std::int64_t max) {
  if (text.empty() || text.size() > 16 || text.front() == '0') return std::nullopt;
  std::int64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n <= max ? std::optional(n) : std::nullopt;
}

}  // namespace hdoc::core
