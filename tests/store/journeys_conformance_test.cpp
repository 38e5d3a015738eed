// The journeys suite (see journeys_conformance.hpp): each TEST_P runs on every store instantiated.
#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/ordering.hpp"
#include "core/scoring.hpp"
#include "store/journeys_conformance.hpp"

namespace hdoc::testing {
namespace {

using core::Article;
using core::Entry;
using core::Platform;
using core::User;
using store::Store;
using store::StoreError;
using Outcome = Store::EntryOutcome;

User profile(const std::string& githubProfile, const std::string& owner,
             const std::string& joined = "2024-01-01T00:00:00Z") {
  User u;
  u.id = "id" + githubProfile.substr(0, 3);
  u.name = "Name of " + githubProfile;
  u.githubProfile = githubProfile;
  u.twitterProfile = "tw_" + githubProfile;
  u.linkedinProfile = "in-" + githubProfile;
  u.avatarImage = "https://example.com/" + githubProfile + ".png";
  u.dateJoined = joined;
  u.owner = owner;
  return u;
}

Entry entry(const std::string& who, int day, Platform platform, const std::string& date,
            std::string url = "") {
  Entry e;
  e.githubProfile = who;
  e.day = day;
  e.platform = platform;
  e.date = date;
  e.url = url.empty() ? "https://example.com/" + who + "/" + std::string(core::platformName(platform)) + "/" +
                            std::to_string(day)
                      : url;
  return e;
}

core::Scores scoresOf(const User& u) {
  return {u.githubScore, u.githubStreak, u.twitterScore, u.twitterStreak, u.daysCompleted};
}

core::Scores storedScores(Store& s, const std::string& who) {
  auto u = s.findUser(who);
  EXPECT_TRUE(u) << who;
  return u ? scoresOf(*u) : core::Scores{};
}

std::vector<std::string> leaderboardProfiles(Store& s) {
  std::vector<std::string> out;
  for (const auto& u : s.leaderboard(100)) out.push_back(u.githubProfile);
  return out;
}

Article article(const std::string& tag, const std::string& author = "alice") {
  Article a;
  a.title = "About " + tag;
  a.subtitle = "sub";
  a.image = "https://example.com/i.png";
  a.tags = tag;
  a.author = author;
  return a;
}

TEST_P(JourneysConformance, CreatedProfileIsFoundByKeyAndByOwner) {
  store().createUser(profile("Alice-1", "sub-alice"));
  const auto byKey = store().findUser("alice-1");
  ASSERT_TRUE(byKey);
  EXPECT_EQ(*byKey, profile("Alice-1", "sub-alice"));
  EXPECT_EQ(byKey->owner, "sub-alice");
  EXPECT_EQ(store().findUserByOwner("sub-alice"), byKey);
  EXPECT_FALSE(store().findUserByOwner("sub-bob"));
  EXPECT_FALSE(store().findUserByOwner(""));
  EXPECT_TRUE(store().listEntries("alice-1").empty());
}

TEST_P(JourneysConformance, DuplicateProfileIgnoringCaseIsAConflictAndChangesNothing) {
  store().createUser(profile("alice", "sub-alice"));
  User again = profile("ALICE", "sub-other");
  again.name = "Impostor";
  try {
    store().createUser(again);
    FAIL() << "expected a conflict";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::Conflict);
  }
  EXPECT_EQ(store().findUser("alice")->name, "Name of alice");
  EXPECT_FALSE(store().findUserByOwner("sub-other"));
  EXPECT_EQ(store().listUsers(std::nullopt).size(), 1u);
}

TEST_P(JourneysConformance, SecondProfileForTheSameOwnerIsAConflict) {
  store().createUser(profile("alice", "sub-alice"));
  try {
    store().createUser(profile("alice2", "sub-alice"));
    FAIL() << "expected a conflict";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::Conflict);
  }
  EXPECT_FALSE(store().findUser("alice2"));
  EXPECT_EQ(store().findUserByOwner("sub-alice")->githubProfile, "alice");
}

TEST_P(JourneysConformance, ImportKeepsTheOwnerOfAWrittenProfile) {
  store().createUser(profile("alice", "sub-alice"));
  User imported = profile("alice", "");
  imported.name = "Imported name";
  store().upsertUsers(std::vector<User>{imported});
  const auto u = store().findUserByOwner("sub-alice");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->name, "Imported name");
  EXPECT_EQ(u->owner, "sub-alice");
}

TEST_P(JourneysConformance, UpdateProfileChangesOnlyProfileFields) {
  store().createUser(profile("alice", "sub-alice", "2024-02-03T04:05:06Z"));
  store().putEntry(entry("alice", 1, Platform::github, "2024-02-03"));
  const User before = *store().findUser("alice");
  User changed = before;
  changed.name = "Alice Liddell";
  changed.twitterProfile = "alice_tw";
  changed.linkedinProfile = "alice-in";
  changed.bio = "Down the rabbit hole.";
  changed.avatarImage = "https://example.com/new.png";
  changed.status = false;
  // Not writable through updateProfile: these must be ignored.
  changed.githubScore = 999;
  changed.twitterScore = 999;
  changed.githubStreak = 99;
  changed.twitterStreak = 99;
  changed.daysCompleted = 99;
  changed.dateJoined = "2030-01-01T00:00:00Z";
  changed.id = "other";
  changed.owner = "sub-thief";
  ASSERT_TRUE(store().updateProfile(changed));
  const User after = *store().findUser("alice");
  EXPECT_EQ(after.name, "Alice Liddell");
  EXPECT_EQ(after.twitterProfile, "alice_tw");
  EXPECT_EQ(after.linkedinProfile, "alice-in");
  EXPECT_EQ(after.bio, "Down the rabbit hole.");
  EXPECT_EQ(after.avatarImage, "https://example.com/new.png");
  EXPECT_FALSE(after.status);
  EXPECT_EQ(scoresOf(after), scoresOf(before));
  EXPECT_EQ(after.dateJoined, before.dateJoined);
  EXPECT_EQ(after.id, before.id);
  EXPECT_EQ(after.owner, "sub-alice");
  changed.bio.reset();
  ASSERT_TRUE(store().updateProfile(changed));
  EXPECT_FALSE(store().findUser("alice")->bio.has_value());
  EXPECT_FALSE(store().updateProfile(profile("nobody", "sub-x")));
  EXPECT_FALSE(store().findUser("nobody"));
}

TEST_P(JourneysConformance, PutEntryCreatedIdenticalConflictNoSuchUser) {
  store().createUser(profile("Alice", "sub-alice"));
  const Entry first = entry("alice", 3, Platform::twitter, "2024-03-01");
  auto w = store().putEntry(first);
  EXPECT_EQ(w.outcome, Outcome::Created);
  ASSERT_TRUE(w.stored);
  EXPECT_EQ(w.stored->url, first.url);
  EXPECT_EQ(w.stored->githubProfile, "Alice") << "entries carry the stored spelling of the profile";

  w = store().putEntry(first);
  EXPECT_EQ(w.outcome, Outcome::Identical);
  ASSERT_TRUE(w.stored);
  EXPECT_EQ(w.stored->url, first.url);

  Entry other = first;
  other.url = "https://example.com/another";
  w = store().putEntry(other);
  EXPECT_EQ(w.outcome, Outcome::Conflict);
  ASSERT_TRUE(w.stored);
  EXPECT_EQ(w.stored->url, first.url) << "a conflict answers the entry already there";
  Entry otherDate = first;
  otherDate.date = "2024-03-02";
  EXPECT_EQ(store().putEntry(otherDate).outcome, Outcome::Conflict);

  w = store().putEntry(entry("nobody", 1, Platform::github, "2024-03-01"));
  EXPECT_EQ(w.outcome, Outcome::NoSuchUser);
  EXPECT_FALSE(w.stored);
  EXPECT_FALSE(store().findUser("nobody"));

  const auto entries = store().listEntries("ALICE");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].url, first.url);
  EXPECT_EQ(entries[0].date, "2024-03-01");
  EXPECT_TRUE(entries[0].verified);
  EXPECT_EQ(storedScores(store(), "alice"), (core::Scores{0, 0, 1, 1, 1}));
}

TEST_P(JourneysConformance, EntriesAreListedByDayThenGithubFirst) {
  store().createUser(profile("alice", "sub-alice"));
  store().putEntry(entry("alice", 10, Platform::twitter, "2024-01-10"));
  store().putEntry(entry("alice", 2, Platform::twitter, "2024-01-02"));
  store().putEntry(entry("alice", 10, Platform::github, "2024-01-10"));
  store().putEntry(entry("alice", 2, Platform::github, "2024-01-02"));
  store().putEntry(entry("alice", 100, Platform::github, "2024-04-10"));
  std::vector<std::pair<int, Platform>> order;
  for (const auto& e : store().listEntries("alice")) order.emplace_back(e.day, e.platform);
  const std::vector<std::pair<int, Platform>> expected = {{2, Platform::github},
                                                          {2, Platform::twitter},
                                                          {10, Platform::github},
                                                          {10, Platform::twitter},
                                                          {100, Platform::github}};
  EXPECT_EQ(order, expected);
  EXPECT_TRUE(store().listEntries("nobody").empty());
}

// The rule worked by hand. GitHub (weight 2) on Jan 1, 2, 5, 10: streaks 1, 2, 3 (a 3-day gap
// keeps it), 1 (a 5-day gap restarts it): score 2 x (1+2+3+1) = 14, streak 1. Twitter (weight 1) on
// Jan 1, 2: 1 + 2 = 3, streak 2. Challenge days with an entry: 1, 2, 3, 4.
TEST_P(JourneysConformance, ScoresAndStreaksFollowTheRule) {
  store().createUser(profile("alice", "sub-alice"));
  store().putEntry(entry("alice", 1, Platform::github, "2024-01-01"));
  EXPECT_EQ(storedScores(store(), "alice"), (core::Scores{2, 1, 0, 0, 1}));
  store().putEntry(entry("alice", 2, Platform::github, "2024-01-02"));
  EXPECT_EQ(storedScores(store(), "alice"), (core::Scores{6, 2, 0, 0, 2}));
  store().putEntry(entry("alice", 3, Platform::github, "2024-01-05"));
  EXPECT_EQ(storedScores(store(), "alice"), (core::Scores{12, 3, 0, 0, 3}));
  store().putEntry(entry("alice", 4, Platform::github, "2024-01-10"));
  EXPECT_EQ(storedScores(store(), "alice"), (core::Scores{14, 1, 0, 0, 4}));
  store().putEntry(entry("alice", 1, Platform::twitter, "2024-01-01"));
  store().putEntry(entry("alice", 2, Platform::twitter, "2024-01-02"));
  EXPECT_EQ(storedScores(store(), "alice"), (core::Scores{14, 1, 3, 2, 4}));
}

TEST_P(JourneysConformance, ImportedJourneyerKeepsImportedFiguresUntilTheirFirstEntry) {
  User imported = profile("veteran", "");
  imported.githubScore = 500;
  imported.githubStreak = 40;
  imported.twitterScore = 300;
  imported.twitterStreak = 30;
  imported.daysCompleted = 80;
  store().upsertUsers(std::vector<User>{imported, profile("newbie", "")});
  EXPECT_EQ(storedScores(store(), "veteran"), (core::Scores{500, 40, 300, 30, 80}));
  EXPECT_EQ(leaderboardProfiles(store()).front(), "veteran");
  store().putEntry(entry("veteran", 1, Platform::twitter, "2024-01-01"));
  EXPECT_EQ(storedScores(store(), "veteran"), (core::Scores{0, 0, 1, 1, 1}));
  store().putEntry(entry("newbie", 1, Platform::github, "2024-01-01"));
  EXPECT_EQ(leaderboardProfiles(store()), (std::vector<std::string>{"newbie", "veteran"}));
}

TEST_P(JourneysConformance, RejectedEntriesStopCountingAndRestoredOnesCountAgain) {
  store().createUser(profile("alice", "sub-alice"));
  store().createUser(profile("bob", "sub-bob"));
  for (int d = 1; d <= 3; ++d) {
    store().putEntry(entry("alice", d, Platform::github, "2024-01-0" + std::to_string(d)));
  }
  store().putEntry(entry("bob", 1, Platform::github, "2024-01-01"));
  store().putEntry(entry("bob", 2, Platform::github, "2024-01-02"));
  EXPECT_EQ(storedScores(store(), "alice"), (core::Scores{12, 3, 0, 0, 3}));
  EXPECT_EQ(leaderboardProfiles(store()), (std::vector<std::string>{"alice", "bob"}));

  auto rejected = store().setEntryVerified("ALICE", Platform::github, 2, false);
  ASSERT_TRUE(rejected);
  EXPECT_FALSE(rejected->verified);
  EXPECT_EQ(rejected->day, 2);
  // Jan 1 and Jan 3 remain: a 2-day gap keeps the streak: 2 x (1 + 2) = 6.
  EXPECT_EQ(storedScores(store(), "alice"), (core::Scores{6, 2, 0, 0, 2}));
  EXPECT_EQ(store().setEntryVerified("alice", Platform::github, 1, false)->verified, false);
  EXPECT_EQ(storedScores(store(), "alice"), (core::Scores{2, 1, 0, 0, 1}));
  EXPECT_EQ(leaderboardProfiles(store()), (std::vector<std::string>{"bob", "alice"}));
  EXPECT_FALSE(store().listEntries("alice")[1].verified);

  EXPECT_TRUE(store().setEntryVerified("alice", Platform::github, 2, true)->verified);
  EXPECT_TRUE(store().setEntryVerified("alice", Platform::github, 1, true));
  EXPECT_EQ(storedScores(store(), "alice"), (core::Scores{12, 3, 0, 0, 3}));
  EXPECT_EQ(leaderboardProfiles(store()), (std::vector<std::string>{"alice", "bob"}));

  EXPECT_FALSE(store().setEntryVerified("alice", Platform::twitter, 1, false));
  EXPECT_FALSE(store().setEntryVerified("nobody", Platform::github, 1, false));
  EXPECT_EQ(storedScores(store(), "alice"), (core::Scores{12, 3, 0, 0, 3}));
}

TEST_P(JourneysConformance, DeletingAJourneyerDeletesTheirEntriesAndLeavesTheLeaderboardConsistent) {
  store().createUser(profile("alice", "sub-alice"));
  store().createUser(profile("bob", "sub-bob"));
  store().putEntry(entry("alice", 1, Platform::github, "2024-01-01"));
  store().putEntry(entry("alice", 2, Platform::github, "2024-01-02"));
  store().putEntry(entry("bob", 1, Platform::twitter, "2024-01-01"));
  ASSERT_TRUE(store().deleteUser("ALICE"));
  EXPECT_FALSE(store().findUser("alice"));
  EXPECT_FALSE(store().findUserByOwner("sub-alice"));
  EXPECT_TRUE(store().listEntries("alice").empty());
  EXPECT_EQ(leaderboardProfiles(store()), (std::vector<std::string>{"bob"}));
  EXPECT_EQ(store().listUsers(std::nullopt).size(), 1u);
  // The owner and the handle are free again, and the new profile starts with no entries.
  store().createUser(profile("alice", "sub-alice"));
  EXPECT_TRUE(store().listEntries("alice").empty());
  EXPECT_EQ(storedScores(store(), "alice"), (core::Scores{}));
  EXPECT_EQ(
      store().putEntry(entry("alice", 1, Platform::github, "2024-02-01", "https://example.com/new")).outcome,
      Outcome::Created);
}

// Property: the scores and the leaderboard depend only on the set of entries, never on arrival order.
TEST_P(JourneysConformance, AnyArrivalOrderGivesTheSameScoresAndLeaderboard) {
  std::mt19937 rng(20240101);
  const std::vector<std::string> people = {"ann", "ben", "cat", "dan"};
  const std::int64_t start = core::daysFromCivil(2024, 1, 1);
  for (int trial = 0; trial < 4; ++trial) {
    auto a = another();
    auto b = another();
    std::vector<Entry> entries;
    std::map<std::string, std::vector<Entry>> byPerson;
    for (const auto& p : people) {
      a->createUser(profile(p, "sub-" + p));
      b->createUser(profile(p, "sub-" + p));
      for (Platform platform : {Platform::github, Platform::twitter}) {
        std::set<int> days;
        const int n = std::uniform_int_distribution<int>(0, 8)(rng);
        while (static_cast<int>(days.size()) < n) days.insert(std::uniform_int_distribution<int>(1, 30)(rng));
        for (int d : days) {
          // Dates spread so that gaps of 1..6 days occur: some keep the streak, some break it.
          const std::int64_t date = start + d + std::uniform_int_distribution<int>(0, 3)(rng) * d;
          Entry e = entry(p, d, platform, core::formatDate(date));
          entries.push_back(e);
          byPerson[p].push_back(e);
        }
      }
    }
    std::shuffle(entries.begin(), entries.end(), rng);
    for (const auto& e : entries) ASSERT_EQ(a->putEntry(e).outcome, Outcome::Created);
    std::shuffle(entries.begin(), entries.end(), rng);
    for (const auto& e : entries) ASSERT_EQ(b->putEntry(e).outcome, Outcome::Created);
    std::vector<User> expectedUsers;
    for (const auto& p : people) {
      const core::Scores expected = core::computeScores(byPerson[p]);
      EXPECT_EQ(storedScores(*a, p), expected) << "trial " << trial << " " << p;
      EXPECT_EQ(storedScores(*b, p), expected) << "trial " << trial << " " << p;
      User u = profile(p, "");
      u.githubScore = expected.githubScore;
      u.twitterScore = expected.twitterScore;
      expectedUsers.push_back(u);
    }
    std::sort(expectedUsers.begin(), expectedUsers.end(), core::leaderboardBefore);
    std::vector<std::string> expectedOrder;
    for (const auto& u : expectedUsers) expectedOrder.push_back(u.githubProfile);
    EXPECT_EQ(leaderboardProfiles(*a), expectedOrder) << "trial " << trial;
    EXPECT_EQ(leaderboardProfiles(*b), expectedOrder) << "trial " << trial;
  }
}

TEST_P(JourneysConformance, CreatedArticlesTakeTheNextId) {
  const Article first = store().createArticle(article("AWS"));
  EXPECT_EQ(first.id, 1);
  EXPECT_EQ(first.tags, "AWS");
  EXPECT_EQ(first.author, "alice");
  Article imported = article("GCP");
  imported.id = 41;
  store().upsertArticles(std::vector<Article>{imported});
  const Article next = store().createArticle(article("AWS", "bob"));
  EXPECT_EQ(next.id, 42);
  EXPECT_EQ(store().findArticle(42), next);
  EXPECT_EQ(store().findArticle(1), first);
  EXPECT_FALSE(store().findArticle(2));
  EXPECT_EQ(store().tagCounts(std::nullopt), (std::vector<core::TagCount>{{"AWS", 2}, {"GCP", 1}}));
  ASSERT_TRUE(store().deleteArticle(42));
  EXPECT_EQ(store().createArticle(article("Azure")).id, 42) << "the greatest id + 1";
}

TEST_P(JourneysConformance, ReplacingAnArticleMovesItsTagCount) {
  const Article a1 = store().createArticle(article("AWS"));
  const Article a2 = store().createArticle(article("AWS"));
  store().createArticle(article("GCP"));
  Article moved = a2;
  moved.tags = "GCP";
  moved.title = "Now about GCP";
  ASSERT_TRUE(store().replaceArticle(moved));
  EXPECT_EQ(store().findArticle(a2.id), moved);
  EXPECT_EQ(store().tagCounts(std::nullopt), (std::vector<core::TagCount>{{"GCP", 2}, {"AWS", 1}}));
  EXPECT_EQ(store().listArticles("gcp", std::nullopt).size(), 2u);
  Article last = a1;
  last.tags = "Azure";
  ASSERT_TRUE(store().replaceArticle(last));
  EXPECT_EQ(store().tagCounts(std::nullopt), (std::vector<core::TagCount>{{"GCP", 2}, {"Azure", 1}}));
  EXPECT_TRUE(store().listArticles("aws", std::nullopt).empty());
  Article ghost = article("AWS");
  ghost.id = 99;
  EXPECT_FALSE(store().replaceArticle(ghost));
  EXPECT_FALSE(store().findArticle(99));
  EXPECT_EQ(store().tagCounts(std::nullopt), (std::vector<core::TagCount>{{"GCP", 2}, {"Azure", 1}}));
}

TEST_P(JourneysConformance, RefusedWritesLeaveNothingBehind) {
  store().createUser(profile("alice", "sub-alice"));
  store().putEntry(entry("alice", 1, Platform::github, "2024-01-01"));
  const User before = *store().findUser("alice");
  const auto entriesBefore = store().listEntries("alice");
  EXPECT_THROW(store().createUser(profile("Alice", "sub-new")), StoreError);
  EXPECT_THROW(store().createUser(profile("fresh", "sub-alice")), StoreError);
  EXPECT_EQ(store().putEntry(entry("alice", 1, Platform::github, "2024-01-05")).outcome, Outcome::Conflict);
  EXPECT_EQ(store().putEntry(entry("ghost", 1, Platform::github, "2024-01-05")).outcome, Outcome::NoSuchUser);
  EXPECT_EQ(*store().findUser("alice"), before);
  EXPECT_EQ(store().listEntries("alice"), entriesBefore);
  EXPECT_FALSE(store().findUser("fresh"));
  EXPECT_FALSE(store().findUser("ghost"));
  EXPECT_EQ(store().listUsers(std::nullopt).size(), 1u);
}

}  // namespace
}  // namespace hdoc::testing
