// Streak scoring, the community prototype's rule: scores derive only from the set of counted entries,
// never from the order in which they were logged, so recomputing after any change is always exact.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/entry.hpp"
#include "core/records.hpp"

namespace hdoc::core {

inline constexpr int kFirstChallengeDay = 1;
inline constexpr int kLastChallengeDay = 100;
// Two active dates at most this many days apart keep a streak going.
inline constexpr std::int64_t kMaxStreakGapDays = 3;
inline constexpr std::int64_t kGithubWeight = 2;
inline constexpr std::int64_t kTwitterWeight = 1;
inline constexpr std::size_t kMaxEntryUrlLength = 2048;

struct Scores {
  std::int64_t githubScore = 0;
  std::int64_t githubStreak = 0;
  std::int64_t twitterScore = 0;
  std::int64_t twitterStreak = 0;
  std::int64_t daysCompleted = 0;

  bool operator==(const Scores&) const = default;
};

// Scores of one journeyer from their entries (all of them; unverified ones are skipped here).
// Per platform (weight 2 for GitHub, 1 for Twitter), the distinct dates of counted entries are walked in
// order: the streak grows by one when the previous active date is at most 3 days earlier, else restarts
// at 1, and the score grows by weight x streak. The streaks reported are those at the last active date.
// daysCompleted counts distinct challenge days with a counted entry on either platform.
// Entries with an unparsable date are ignored (validateEntry rejects them before they are stored).
Scores computeScores(std::span<const Entry> entries);

// What is wrong with an entry a caller wants to store: day in 1..100, an https URL, a real
// "YYYY-MM-DD" date. Field names are the API's ("day", "url", "date"). Empty when valid.
std::vector<FieldError> validateEntry(const Entry& entry);

}  // namespace hdoc::core
