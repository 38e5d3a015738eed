#include "core/scoring.hpp"

#include <optional>
#include <set>

#include "core/date.hpp"

namespace hdoc::core {
namespace {

struct PlatformScore {
  std::int64_t score = 0;
  std::int64_t streak = 0;
};

// Walks the active dates in ascending order; a std::set makes duplicates and arrival order irrelevant.
PlatformScore scorePlatform(const std::set<std::int64_t>& activeDays, std::int64_t weight) {
  PlatformScore result;
  std::optional<std::int64_t> previous;
  for (std::int64_t day : activeDays) {
    result.streak = previous && day - *previous <= kMaxStreakGapDays ? result.streak + 1 : 1;
    result.score += weight * result.streak;
    previous = day;
  }
  return result;
}

}  // namespace

Scores computeScores(std::span<const Entry> entries) {
  std::set<std::int64_t> githubDays, twitterDays;
  std::set<int> challengeDays;
  for (const Entry& e : entries) {
    if (!e.verified) continue;
    const auto date = parseDate(e.date);
    if (!date) continue;
    (e.platform == Platform::github ? githubDays : twitterDays).insert(*date);
    challengeDays.insert(e.day);
  }
  const PlatformScore github = scorePlatform(githubDays, kGithubWeight);
  const PlatformScore twitter = scorePlatform(twitterDays, kTwitterWeight);
  return Scores{github.score, github.streak, twitter.score, twitter.streak,
                static_cast<std::int64_t>(challengeDays.size())};
}

std::vector<FieldError> validateEntry(const Entry& entry) {
  std::vector<FieldError> errors;
  if (entry.day < kFirstChallengeDay || entry.day > kLastChallengeDay) {
    errors.push_back({"day", "must be an integer from 1 to 100"});
  }
  if (entry.platform != Platform::github && entry.platform != Platform::twitter) {
    errors.push_back({"platform", "must be \"github\" or \"twitter\""});
  }
  if (entry.url.size() > kMaxEntryUrlLength) {
    errors.push_back({"url", "must be at most 2048 characters"});
  } else if (!entry.url.starts_with("https://") || !isHttpUrl(entry.url)) {
    errors.push_back({"url", "must be an https URL"});
  }
  if (!parseDate(entry.date)) errors.push_back({"date", "must be a real date written YYYY-MM-DD"});
  return errors;
}

}  // namespace hdoc::core
