#include "core/ordering.hpp"

#include <gtest/gtest.h>

namespace hdoc::core {
namespace {

User user(std::string profile, std::int64_t github, std::int64_t twitter, std::string joined) {
  User u;
  u.githubProfile = std::move(profile);
  u.githubScore = github;
  u.twitterScore = twitter;
  u.dateJoined = std::move(joined);
  return u;
}

TEST(Ordering, LeaderboardByTotalThenProfile) {
  const auto a = user("b", 10, 5, "2020-01-01T00:00:00Z");
  const auto b = user("a", 5, 10, "2020-01-01T00:00:00Z");  // same total, smaller profile first
  const auto c = user("c", 20, 0, "2020-01-01T00:00:00Z");
  EXPECT_TRUE(leaderboardBefore(c, a));
  EXPECT_TRUE(leaderboardBefore(b, a));
  EXPECT_FALSE(leaderboardBefore(a, b));
}

TEST(Ordering, RegistrationAndRecentCompareInstantsNotStrings) {
  // ".5Z" sorts before "Z" as text but is later in time.
  const auto later = user("a", 0, 0, "2020-01-01T00:00:00.500Z");
  const auto earlier = user("b", 0, 0, "2020-01-01T00:00:00Z");
  EXPECT_TRUE(registrationBefore(earlier, later));
  EXPECT_TRUE(recentBefore(later, earlier));
  // Ties on the instant: githubProfile ascending in both orders.
  const auto tieA = user("a", 0, 0, "2020-01-01T00:00:00Z");
  EXPECT_TRUE(registrationBefore(tieA, earlier));
  EXPECT_TRUE(recentBefore(tieA, earlier));
}

TEST(Ordering, TagCountsByCountThenTag) {
  EXPECT_TRUE(tagCountBefore({"GCP", 13}, {"AWS", 11}));
  EXPECT_TRUE(tagCountBefore({"AWS", 3}, {"Azure", 3}));
  EXPECT_TRUE(tagCountBefore({"Zeta", 3}, {"alpha", 3}));  // bytewise: uppercase first
}

}  // namespace
}  // namespace hdoc::core
