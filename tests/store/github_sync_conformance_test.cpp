// The GitHub journey sync suite (see github_sync_conformance.hpp): each TEST_P runs on every store.
#include <algorithm>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/scoring.hpp"
#include "store/github_sync_conformance.hpp"

namespace hdoc::testing {
namespace {

using core::Entry;
using core::Platform;
using core::User;
using store::Store;
using store::StoreError;
using Outcome = Store::PushOutcome;

User profile(const std::string& githubProfile, const std::string& owner,
             std::optional<std::string> repo = std::nullopt) {
  User u;
  u.id = "id" + githubProfile.substr(0, 3);
  u.name = "Name of " + githubProfile;
  u.githubProfile = githubProfile;
  u.dateJoined = "2024-01-01T00:00:00Z";
  u.owner = owner;
  u.githubJourneyRepo = std::move(repo);
  return u;
}

Entry day(const std::string& who, int n, const std::string& date, const std::string& commit = "") {
  return Entry{
      who,
      n,
      Platform::github,
      "https://github.com/" + who + "/journey/commit/" + (commit.empty() ? "c" + std::to_string(n) : commit),
      date,
      true};
}

Store::GithubPush push(const std::string& delivery, const std::string& who, const std::string& repo,
                       std::vector<Entry> entries) {
  return Store::GithubPush{delivery, repo, who, std::move(entries), 1'710'000'000};
}

std::vector<int> days(const std::vector<Entry>& entries) {
  std::vector<int> out;
  for (const auto& e : entries) out.push_back(e.day);
  return out;
}

core::Scores scoresOf(const User& u) {
  return {u.githubScore, u.githubStreak, u.twitterScore, u.twitterStreak, u.daysCompleted};
}

core::Scores storedScores(Store& s, const std::string& who) {
  const auto u = s.findUser(who);
  EXPECT_TRUE(u) << who;
  return u ? scoresOf(*u) : core::Scores{};
}

TEST_P(GithubSyncConformance, ALinkedRepositoryIsFoundIgnoringAsciiCase) {
  store().createUser(profile("Alice", "sub-alice", "Alice/100DaysOfCloud"));
  const auto link = store().findJourneyLink("alice/100daysofcloud");
  ASSERT_TRUE(link);
  EXPECT_EQ(link->githubProfile, "Alice");
  EXPECT_EQ(link->githubJourneyRepo, "Alice/100DaysOfCloud");
  EXPECT_EQ(store().findUser("alice")->githubJourneyRepo, "Alice/100DaysOfCloud");
  EXPECT_FALSE(store().findJourneyLink("alice/other"));
  EXPECT_FALSE(store().findJourneyLink(""));
  EXPECT_FALSE(store().findJourneyLink(std::string(2000, 'x')));
  store().createUser(profile("bob", "sub-bob"));
  EXPECT_FALSE(store().findUser("bob")->githubJourneyRepo);
}

TEST_P(GithubSyncConformance, ARepositoryLinksAtMostOneJourneyerAndARefusalWritesNothing) {
  store().createUser(profile("alice", "sub-alice", "alice/journey"));
  // The store keeps the repository unique whoever asks (the owner rule is the API's, core/github_repo).
  try {
    store().createUser(profile("bob", "sub-bob", "ALICE/Journey"));
    ADD_FAILURE() << "a second link of the repository was stored";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::Conflict);
    EXPECT_NE(std::string(e.what()).find("linked by another journeyer"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(store().findUser("bob"));
  EXPECT_FALSE(store().findUserByOwner("sub-bob"));
  store().createUser(profile("bob", "sub-bob"));
  User bob = *store().findUser("bob");
  bob.githubJourneyRepo = "alice/JOURNEY";
  bob.name = "Bob changed";
  EXPECT_THROW(store().updateProfile(bob), StoreError);
  EXPECT_EQ(store().findUser("bob")->name, "Name of bob");
  EXPECT_FALSE(store().findUser("bob")->githubJourneyRepo);
  User imported = profile("carol", "", "alice/journey");
  EXPECT_THROW(store().upsertUsers(std::vector<User>{imported}), StoreError);
  EXPECT_FALSE(store().findUser("carol"));
  EXPECT_EQ(store().findJourneyLink("alice/journey")->githubProfile, "alice");
}

TEST_P(GithubSyncConformance, ChangingTheLinkMovesItAndFreesTheOldRepository) {
  store().createUser(profile("alice", "sub-alice", "alice/one"));
  User alice = *store().findUser("alice");
  alice.githubJourneyRepo = "alice/two";
  ASSERT_TRUE(store().updateProfile(alice));
  EXPECT_FALSE(store().findJourneyLink("alice/one"));
  EXPECT_EQ(store().findJourneyLink("alice/two")->githubProfile, "alice");
  alice.githubJourneyRepo = "Alice/TWO";  // the same repository, written differently
  ASSERT_TRUE(store().updateProfile(alice));
  EXPECT_EQ(store().findJourneyLink("alice/two")->githubJourneyRepo, "Alice/TWO");
  EXPECT_EQ(store().findUser("alice")->githubJourneyRepo, "Alice/TWO");
  alice.githubJourneyRepo.reset();
  ASSERT_TRUE(store().updateProfile(alice));
  EXPECT_FALSE(store().findJourneyLink("alice/two"));
  EXPECT_FALSE(store().findUser("alice")->githubJourneyRepo);
  // Freed repositories can be linked again, by anyone the API allows.
  store().createUser(profile("bob", "sub-bob", "alice/one"));
  EXPECT_EQ(store().findJourneyLink("alice/one")->githubProfile, "bob");
  // Other profile fields still change alone.
  alice.name = "Alice Liddell";
  ASSERT_TRUE(store().updateProfile(alice));
  EXPECT_EQ(store().findUser("alice")->name, "Alice Liddell");
  EXPECT_FALSE(store().updateProfile(profile("nobody", "", "nobody/x")));
  EXPECT_FALSE(store().findJourneyLink("nobody/x"));
}

TEST_P(GithubSyncConformance, DeletingTheJourneyerFreesTheRepository) {
  store().createUser(profile("alice", "sub-alice", "alice/journey"));
  ASSERT_TRUE(store().deleteUser("alice"));
  EXPECT_FALSE(store().findJourneyLink("alice/journey"));
  store().createUser(profile("alice", "sub-alice2", "alice/journey"));
  EXPECT_EQ(store().findJourneyLink("alice/journey")->githubProfile, "alice");
}

TEST_P(GithubSyncConformance, ImportsLinkUnlinkAndExportTheRepository) {
  std::vector<User> batch;
  for (int i = 0; i < 120; ++i) {  // more than one DynamoDB transaction of users and claims
    const std::string who = "user" + std::to_string(i);
    batch.push_back(profile(who, "", i % 2 ? std::optional(who + "/journey") : std::nullopt));
  }
  store().upsertUsers(batch);
  store().upsertUsers(batch);  // re-running an import changes nothing
  for (int i = 0; i < 120; ++i) {
    const std::string who = "user" + std::to_string(i);
    EXPECT_EQ(store().findJourneyLink(who + "/journey").has_value(), i % 2 == 1) << who;
  }
  std::size_t exported = 0;
  store().forEachUser([&](const User& u) {
    const int i = std::stoi(u.githubProfile.substr(4));
    EXPECT_EQ(u.githubJourneyRepo.has_value(), i % 2 == 1) << u.githubProfile;
    ++exported;
  });
  EXPECT_EQ(exported, 120u);
  // A record without the field unlinks; one with another repository moves the link.
  User moved = batch[1], unlinked = batch[3];
  moved.githubJourneyRepo = "user1/another";
  unlinked.githubJourneyRepo.reset();
  store().upsertUsers(std::vector<User>{moved, unlinked});
  EXPECT_FALSE(store().findJourneyLink("user1/journey"));
  EXPECT_EQ(store().findJourneyLink("user1/another")->githubProfile, "user1");
  EXPECT_FALSE(store().findJourneyLink("user3/journey"));
  EXPECT_FALSE(store().findUser("user3")->githubJourneyRepo);
  // Within one batch a repository freed by one record can be taken by a later one, as in row order.
  User takes = batch[0];
  takes.githubJourneyRepo = "user5/journey";
  User frees = batch[5];
  frees.githubJourneyRepo.reset();
  store().upsertUsers(std::vector<User>{frees, takes});
  EXPECT_EQ(store().findJourneyLink("user5/journey")->githubProfile, "user0");
}

TEST_P(GithubSyncConformance, APushAddsItsDaysAndScoresThemByTheRule) {
  store().createUser(profile("alice", "sub-alice", "alice/journey"));
  // Journey/001..005 on Mar 1, 2, 3, 5 and 9: gaps of 1, 1, 2 (streak 4) and 4 (restarts).
  const auto result = store().recordGithubPush(
      push("d-1", "alice", "alice/journey",
           {day("alice", 1, "2024-03-01"), day("alice", 2, "2024-03-02"), day("alice", 3, "2024-03-03"),
            day("alice", 4, "2024-03-05"), day("alice", 5, "2024-03-09")}));
  EXPECT_EQ(result.outcome, Outcome::Applied);
  EXPECT_EQ(days(result.added), (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_TRUE(result.present.empty());
  EXPECT_EQ(result.added[0].githubProfile, "alice");
  // 2x(1 + 2 + 3 + 4 + 1) = 22, final streak 1, five days.
  EXPECT_EQ(storedScores(store(), "alice"), (core::Scores{22, 1, 0, 0, 5}));
  EXPECT_EQ(storedScores(store(), "alice"), core::computeScores(store().listEntries("alice")));
  const auto entries = store().listEntries("alice");
  ASSERT_EQ(entries.size(), 5u);
  EXPECT_EQ(entries[3].url, "https://github.com/alice/journey/commit/c4");
  EXPECT_EQ(entries[3].date, "2024-03-05");
  EXPECT_TRUE(entries[3].verified);
}

TEST_P(GithubSyncConformance, TheFirstPushOfADayWins) {
  store().createUser(profile("alice", "sub-alice", "alice/journey"));
  store().putEntry(day("alice", 4, "2024-03-04", "posted-by-hand"));
  store().putEntry(
      Entry{"alice", 1, Platform::twitter, "https://twitter.com/alice/status/1", "2024-03-01", true});
  store().recordGithubPush(
      push("d-1", "alice", "alice/journey", {day("alice", 1, "2024-03-01"), day("alice", 2, "2024-03-02")}));
  const auto second =
      store().recordGithubPush(push("d-2", "alice", "alice/journey",
                                    {day("alice", 2, "2024-03-07", "later"), day("alice", 3, "2024-03-03"),
                                     day("alice", 4, "2024-03-08", "x")}));
  EXPECT_EQ(second.outcome, Outcome::Applied);
  EXPECT_EQ(days(second.added), std::vector<int>{3});
  EXPECT_EQ(days(second.present), (std::vector<int>{2, 4}));
  EXPECT_EQ(second.present[0].url, "https://github.com/alice/journey/commit/c2");
  EXPECT_EQ(second.present[1].url, "https://github.com/alice/journey/commit/posted-by-hand");
  std::vector<std::string> github;
  for (const auto& e : store().listEntries("alice")) {
    if (e.platform == Platform::github) github.push_back(std::to_string(e.day) + " " + e.date);
  }
  EXPECT_EQ(github,
            (std::vector<std::string>{"1 2024-03-01", "2 2024-03-02", "3 2024-03-03", "4 2024-03-04"}));
  EXPECT_EQ(storedScores(store(), "alice"), core::computeScores(store().listEntries("alice")));
  // 2 + 4 + 6 + 8 on GitHub (Mar 1..4), 1 on Twitter, four challenge days.
  EXPECT_EQ(storedScores(store(), "alice"), (core::Scores{20, 4, 1, 1, 4}));
}

TEST_P(GithubSyncConformance, ARejectedDayStaysRejected) {
  store().createUser(profile("alice", "sub-alice", "alice/journey"));
  store().recordGithubPush(push("d-1", "alice", "alice/journey", {day("alice", 1, "2024-03-01")}));
  ASSERT_TRUE(store().setEntryVerified("alice", Platform::github, 1, false));
  const auto again =
      store().recordGithubPush(push("d-2", "alice", "alice/journey", {day("alice", 1, "2024-03-02")}));
  ASSERT_EQ(again.present.size(), 1u);
  EXPECT_FALSE(again.present[0].verified);
  EXPECT_TRUE(again.added.empty());
  EXPECT_EQ(storedScores(store(), "alice"), (core::Scores{0, 0, 0, 0, 0}));
}

TEST_P(GithubSyncConformance, ARedeliveryChangesNothing) {
  store().createUser(profile("alice", "sub-alice", "alice/journey"));
  store().recordGithubPush(push("d-1", "alice", "alice/journey", {day("alice", 1, "2024-03-01")}));
  const auto before = store().listEntries("alice");
  const auto scores = storedScores(store(), "alice");
  // The same id again, even carrying other days (a replay of a changed body with a known id), writes nothing.
  const auto again = store().recordGithubPush(
      push("d-1", "alice", "alice/journey", {day("alice", 1, "2024-03-01"), day("alice", 2, "2024-03-02")}));
  EXPECT_EQ(again.outcome, Outcome::Redelivered);
  EXPECT_TRUE(again.added.empty());
  EXPECT_EQ(days(again.present), std::vector<int>{1});
  EXPECT_EQ(store().listEntries("alice"), before);
  EXPECT_EQ(storedScores(store(), "alice"), scores);
  // A push that adds nothing is still recorded.
  EXPECT_EQ(store().recordGithubPush(push("d-empty", "alice", "alice/journey", {})).outcome,
            Outcome::Applied);
  EXPECT_EQ(store()
                .recordGithubPush(push("d-empty", "alice", "alice/journey", {day("alice", 9, "2024-03-09")}))
                .outcome,
            Outcome::Redelivered);
  EXPECT_EQ(store().listEntries("alice"), before);
}

TEST_P(GithubSyncConformance, APushForARepositoryNoLongerLinkedWritesNothing) {
  store().createUser(profile("alice", "sub-alice", "alice/journey"));
  const auto pushed = push("d-1", "alice", "alice/other", {day("alice", 1, "2024-03-01")});
  EXPECT_EQ(store().recordGithubPush(pushed).outcome, Outcome::NotLinked);
  EXPECT_TRUE(store().listEntries("alice").empty());
  EXPECT_EQ(store()
                .recordGithubPush(push("d-2", "nobody", "nobody/journey", {day("nobody", 1, "2024-03-01")}))
                .outcome,
            Outcome::NotLinked);
  EXPECT_FALSE(store().findUser("nobody"));
  // The delivery was not recorded: once the repository is linked, the same delivery applies.
  User alice = *store().findUser("alice");
  alice.githubJourneyRepo = "alice/other";
  ASSERT_TRUE(store().updateProfile(alice));
  const auto applied = store().recordGithubPush(pushed);
  EXPECT_EQ(applied.outcome, Outcome::Applied);
  EXPECT_EQ(days(applied.added), std::vector<int>{1});
  // A push naming the link in another case is the same repository.
  EXPECT_EQ(
      store().recordGithubPush(push("d-3", "ALICE", "Alice/Other", {day("alice", 2, "2024-03-02")})).outcome,
      Outcome::Applied);
  EXPECT_EQ(store().listEntries("alice").size(), 2u);
}

TEST_P(GithubSyncConformance, PushesInAnyOrderGiveTheSameEntriesAndScores) {
  const std::vector<std::vector<Entry>> pushes = {
      {day("alice", 3, "2024-03-04"), day("alice", 1, "2024-03-01")},
      {day("alice", 2, "2024-03-02")},
      {day("alice", 5, "2024-03-12"), day("alice", 4, "2024-03-06")},
  };
  auto replay = [&](Store& s, std::vector<std::size_t> order) {
    s.createUser(profile("alice", "sub-alice", "alice/journey"));
    for (std::size_t i : order)
      s.recordGithubPush(push("d-" + std::to_string(i), "alice", "alice/journey", pushes[i]));
    return std::pair(s.listEntries("alice"), storedScores(s, "alice"));
  };
  const auto forward = replay(store(), {0, 1, 2});
  const auto backward = replay(*another(), {2, 1, 0});
  EXPECT_EQ(forward, backward);
  EXPECT_EQ(forward.first.size(), 5u);
  // Mar 1, 2, 4, 6 keep one streak (gaps 1, 2, 2); Mar 12 restarts: 2(1+2+3+4) + 2 = 22.
  EXPECT_EQ(forward.second, (core::Scores{22, 1, 0, 0, 5}));
}

TEST_P(GithubSyncConformance, AHundredDaysInOnePushAreAllStoredAndScored) {
  store().createUser(profile("alice", "sub-alice", "alice/journey"));
  std::vector<Entry> first, all;
  const std::int64_t mar1 = core::daysFromCivil(2024, 3, 1);
  for (int d = 1; d <= 100; ++d) {
    all.push_back(day("alice", d, core::formatDate(mar1 + d - 1)));
    if (d % 10 == 0) first.push_back(all.back());
  }
  store().recordGithubPush(push("d-some", "alice", "alice/journey", first));
  const auto result = store().recordGithubPush(push("d-all", "alice", "alice/journey", all));
  EXPECT_EQ(result.outcome, Outcome::Applied);
  EXPECT_EQ(result.added.size(), 90u);
  EXPECT_EQ(result.present.size(), 10u);
  EXPECT_TRUE(std::is_sorted(result.added.begin(), result.added.end(),
                             [](const Entry& a, const Entry& b) { return a.day < b.day; }));
  EXPECT_EQ(store().listEntries("alice").size(), 100u);
  // 100 consecutive days: 2 x (1 + ... + 100).
  EXPECT_EQ(storedScores(store(), "alice"), (core::Scores{10100, 100, 0, 0, 100}));
  EXPECT_EQ(store().recordGithubPush(push("d-all", "alice", "alice/journey", all)).outcome,
            Outcome::Redelivered);

  // All hundred new in one push (more than one DynamoDB transaction holds with its scores and record).
  store().createUser(profile("bob", "sub-bob", "bob/journey"));
  std::vector<Entry> bobs;
  for (const auto& e : all) bobs.push_back(Entry{"bob", e.day, Platform::github, e.url, e.date, true});
  const auto full = store().recordGithubPush(push("d-bob", "bob", "bob/journey", bobs));
  EXPECT_EQ(full.added.size(), 100u);
  EXPECT_TRUE(full.present.empty());
  EXPECT_EQ(storedScores(store(), "bob"), (core::Scores{10100, 100, 0, 0, 100}));
  EXPECT_EQ(store().recordGithubPush(push("d-bob", "bob", "bob/journey", bobs)).outcome,
            Outcome::Redelivered);
}

}  // namespace
}  // namespace hdoc::testing
