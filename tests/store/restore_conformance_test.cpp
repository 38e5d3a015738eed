// What a complete export's import needs from a store (store/export_stream.hpp), on every store the
// journeys suite is instantiated for: entries stored exactly as given with the figures kept or
// recomputed, and imported owners able to find their profile (findUserByOwner).
#include <gtest/gtest.h>

#include "core/scoring.hpp"
#include "store/journeys_conformance.hpp"

namespace hdoc::testing {
namespace {

using core::Entry;
using core::Platform;
using core::User;
using store::Store;
using store::StoreError;

User journeyer(const std::string& githubProfile, const std::string& owner) {
  User u;
  u.id = "r" + githubProfile.substr(0, 4);
  u.name = "Name of " + githubProfile;
  u.githubProfile = githubProfile;
  u.dateJoined = "2024-01-01T00:00:00Z";
  // Figures that no entries below give: Keep must keep exactly these.
  u.githubScore = 77;
  u.githubStreak = 5;
  u.twitterScore = 3;
  u.twitterStreak = 2;
  u.daysCompleted = 42;
  u.owner = owner;
  return u;
}

Entry logged(const std::string& who, int day, Platform platform, const std::string& date,
             bool verified = true) {
  Entry e;
  e.githubProfile = who;
  e.day = day;
  e.platform = platform;
  e.url = "https://example.com/" + who + "/" + std::to_string(day);
  e.date = date;
  e.verified = verified;
  return e;
}

TEST_P(JourneysConformance, RestoredEntriesAreStoredAsGivenAndTheFiguresKept) {
  store().upsertUsers(std::vector<User>{journeyer("Alice", "sub-alice"), journeyer("bob", "")});
  const std::vector<Entry> entries = {logged("Alice", 1, Platform::github, "2024-03-01"),
                                      logged("Alice", 1, Platform::twitter, "2024-03-01", false),
                                      logged("Alice", 2, Platform::github, "2024-03-02")};
  // The case of the profile in an entry does not matter; the stored spelling comes back.
  std::vector<Entry> given = entries;
  given[2].githubProfile = "ALICE";
  store().restoreEntries(given, Store::Figures::Keep);
  EXPECT_EQ(store().listEntries("alice"), entries);
  EXPECT_EQ(*store().findUser("alice"), journeyer("Alice", "sub-alice"));  // figures untouched
  // The imported owner can edit their profile: findUserByOwner finds it (on DynamoDB, its claim).
  const auto owned = store().findUserByOwner("sub-alice");
  ASSERT_TRUE(owned);
  EXPECT_EQ(owned->githubProfile, "Alice");
  EXPECT_TRUE(store().listEntries("bob").empty());
  // Restoring again changes nothing.
  store().restoreEntries(given, Store::Figures::Keep);
  EXPECT_EQ(store().listEntries("alice"), entries);
  store().upsertUsers(std::vector<User>{journeyer("Alice", "sub-alice")});
  EXPECT_EQ(store().findUserByOwner("sub-alice")->githubProfile, "Alice");
}

TEST_P(JourneysConformance, RestoredEntriesReplaceTheSameDayAndRecomputeWhenAsked) {
  store().upsertUsers(std::vector<User>{journeyer("carol", "")});
  store().putEntry(logged("carol", 1, Platform::github, "2024-03-01"));
  std::vector<Entry> entries = {logged("carol", 1, Platform::github, "2024-03-05", false),
                                logged("carol", 2, Platform::github, "2024-03-06"),
                                logged("carol", 3, Platform::twitter, "2024-03-07")};
  entries[0].url = "https://example.com/replaced";
  store().restoreEntries(entries, Store::Figures::Recompute);
  EXPECT_EQ(store().listEntries("carol"), entries);
  const auto u = store().findUser("carol");
  ASSERT_TRUE(u);
  const core::Scores expected = core::computeScores(entries);
  EXPECT_EQ(u->githubScore, expected.githubScore);
  EXPECT_EQ(u->githubStreak, expected.githubStreak);
  EXPECT_EQ(u->twitterScore, expected.twitterScore);
  EXPECT_EQ(u->daysCompleted, expected.daysCompleted);
  EXPECT_EQ(u->githubScore, 2);  // one counted GitHub day: the first was rejected
}

TEST_P(JourneysConformance, RestoringAnEntryOfNobodyIsInvalidAndWritesNothing) {
  store().upsertUsers(std::vector<User>{journeyer("dave", "")});
  try {
    store().restoreEntries(std::vector<Entry>{logged("nobody", 1, Platform::github, "2024-03-01"),
                                              logged("dave", 1, Platform::github, "2024-03-01")},
                           Store::Figures::Keep);
    FAIL() << "expected StoreError(Invalid)";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::Invalid);
    EXPECT_NE(std::string(e.what()).find("nobody"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(store().listEntries("dave").empty());
}

TEST_P(JourneysConformance, AnImportedOwnerWhoOwnsAnotherProfileIsAConflict) {
  store().createUser(journeyer("erin", "sub-erin"));
  try {
    store().upsertUsers(std::vector<User>{journeyer("frank", "sub-erin")});
    FAIL() << "expected a conflict";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::Conflict);
  }
  EXPECT_EQ(store().findUserByOwner("sub-erin")->githubProfile, "erin");
}

}  // namespace
}  // namespace hdoc::testing
