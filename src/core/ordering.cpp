#include "core/ordering.hpp"

#include "core/date.hpp"

namespace hdoc::core {

std::int64_t joinedMillis(const User& user) {
  return parseUtcTimestamp(user.dateJoined).value_or(0);
}

bool registrationBefore(const User& a, const User& b) {
  const auto ja = joinedMillis(a), jb = joinedMillis(b);
  if (ja != jb) return ja < jb;
  return a.githubProfile < b.githubProfile;
}

bool recentBefore(const User& a, const User& b) {
  const auto ja = joinedMillis(a), jb = joinedMillis(b);
  if (ja != jb) return ja > jb;
  return a.githubProfile < b.githubProfile;
}

bool leaderboardBefore(const User& a, const User& b) {
  if (a.totalScore() != b.totalScore()) return a.totalScore() > b.totalScore();
  return a.githubProfile < b.githubProfile;
}

bool tagCountBefore(const TagCount& a, const TagCount& b) {
  if (a.count != b.count) return a.count > b.count;
  return a.tag < b.tag;
}

}  // namespace hdoc::core
