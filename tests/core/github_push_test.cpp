#include "core/github_push.hpp"

#include <gtest/gtest.h>

#include "core/date.hpp"

namespace hdoc::core {
namespace {

const std::int64_t kToday = daysFromCivil(2024, 3, 20);

PushEvent push(std::vector<PushCommit> commits, std::string ref = "refs/heads/main") {
  PushEvent e;
  e.ref = std::move(ref);
  e.repository = {"alice/journey", "journey", "alice", "main", false};
  e.commits = std::move(commits);
  return e;
}

PushCommit commit(std::string id, std::string timestamp, std::vector<std::string> added,
                  std::vector<std::string> modified = {}) {
  PushCommit c;
  c.id = id;
  c.timestamp = timestamp;
  c.epochSeconds = *parseIsoInstant(timestamp);
  c.url = "https://github.com/alice/journey/commit/" + id;
  c.added = std::move(added);
  c.modified = std::move(modified);
  return c;
}

std::vector<std::string> days(const PushPlan& plan) {
  std::vector<std::string> out;
  for (const auto& e : plan.entries)
    out.push_back(std::to_string(e.day) + " " + e.date + " " + e.url.substr(e.url.rfind('/') + 1));
  return out;
}

TEST(GithubPush, JourneyDayIsTheTemplatesThreeDigitFolder) {
  EXPECT_EQ(journeyDay("Journey/001/Readme.md"), 1);
  EXPECT_EQ(journeyDay("Journey/042/images/diagram.png"), 42);
  EXPECT_EQ(journeyDay("Journey/100/x"), 100);
  for (const char* other :
       {"Journey/000/Readme.md", "Journey/101/Readme.md", "Journey/1/Readme.md", "Journey/01/Readme.md",
        "Journey/0001/Readme.md", "journey/001/Readme.md", "JOURNEY/001/Readme.md", "Journey/001",
        "Journey/001/", "Journey/00a/Readme.md", "docs/Journey/001/Readme.md", "Journey\\001\\Readme.md",
        "README.md", "Journey/000DAYS_TEMPLATE/Readme.md", ""}) {
    EXPECT_EQ(journeyDay(other), std::nullopt) << other;
  }
}

TEST(GithubPush, OnlyPushesToTheDefaultBranchOfTheRepositoryItselfCount) {
  auto e = push({});
  EXPECT_EQ(pushRefusal(e), std::nullopt);
  e.deleted = true;
  EXPECT_NE(pushRefusal(e)->find("deleted"), std::string::npos);
  e = push({}, "refs/tags/day-1");
  EXPECT_NE(pushRefusal(e)->find("not a branch"), std::string::npos);
  e = push({}, "refs/heads/draft");
  EXPECT_NE(pushRefusal(e)->find("not the default branch refs/heads/main"), std::string::npos);
  e = push({}, "refs/heads/main");
  e.repository.fork = true;
  EXPECT_NE(pushRefusal(e)->find("fork"), std::string::npos);
  // The refusals carry into the plan, which then has no entries.
  const auto plan = planPush(e, std::string("alice"), kToday);
  EXPECT_TRUE(plan.refusal);
  EXPECT_TRUE(plan.entries.empty());
}

TEST(GithubPush, TheRepositoryMustBeLinkedByItsOwner) {
  const auto e = push({commit("a1", "2024-03-01T10:00:00Z", {"Journey/001/Readme.md"})});
  const auto unlinked = planPush(e, std::nullopt, kToday);
  ASSERT_TRUE(unlinked.refusal);
  EXPECT_NE(unlinked.refusal->find("not linked"), std::string::npos);
  EXPECT_TRUE(unlinked.entries.empty());
  const auto foreign = planPush(e, std::string("mallory"), kToday);
  ASSERT_TRUE(foreign.refusal);
  EXPECT_NE(foreign.refusal->find("owner alice"), std::string::npos);
  EXPECT_TRUE(foreign.entries.empty());
  const auto owner = planPush(e, std::string("ALICE"), kToday);  // ASCII case is no difference
  EXPECT_FALSE(owner.refusal);
  ASSERT_EQ(owner.entries.size(), 1u);
  EXPECT_EQ(owner.entries[0].githubProfile, "ALICE");  // the linked journeyer as stored
  EXPECT_EQ(owner.entries[0].platform, Platform::github);
  EXPECT_TRUE(owner.entries[0].verified);
}

TEST(GithubPush, EachDayIsDatedByItsEarliestCommitInUtc) {
  const auto plan = planPush(
      push({
          commit("c1", "2024-03-01T21:15:02-08:00", {"Journey/001/Readme.md"}),
          commit("c2", "2024-03-03T09:00:00+02:00", {"Journey/002/Readme.md"}, {"Journey/001/Readme.md"}),
          // listed later but committed earlier: it dates day 3
          commit("c4", "2024-03-05T12:00:00Z", {"Journey/003/Readme.md"}),
          commit("c3", "2024-03-04T23:59:59Z", {"Journey/003/notes.md"}),
          // the same instant as c3: the one listed first wins
          commit("c5", "2024-03-04T23:59:59Z", {"Journey/003/more.md"}),
      }),
      std::string("alice"), kToday);
  EXPECT_FALSE(plan.refusal);
  EXPECT_EQ(days(plan), (std::vector<std::string>{"1 2024-03-02 c1", "2 2024-03-03 c2", "3 2024-03-04 c3"}));
  EXPECT_TRUE(plan.ignored.empty());
}

TEST(GithubPush, SaysWhyEveryOtherPathScoresNothing) {
  auto old = commit("old", "2024-02-01T10:00:00Z", {"Journey/009/Readme.md"});
  old.distinct = false;
  auto mixed =
      commit("mix", "2024-03-10T10:00:00Z", {"README.md", "journey/004/Readme.md", "Journey/004/Readme.md"});
  mixed.removed = {"Journey/005/Readme.md"};
  const auto future = commit("fut", "2024-03-22T00:00:00Z", {"Journey/006/Readme.md"});
  const auto tomorrow = commit("tom", "2024-03-21T23:59:59Z", {"Journey/007/Readme.md"});  // one day of slack
  auto http = commit("plain", "2024-03-10T10:00:00Z", {"Journey/008/Readme.md"});
  http.url = "http://github.com/alice/journey/commit/plain";
  const auto plan = planPush(push({old, mixed, future, tomorrow, http}), std::string("alice"), kToday);
  EXPECT_EQ(days(plan), (std::vector<std::string>{"4 2024-03-10 mix", "7 2024-03-21 tom"}));
  std::vector<std::string> ignored;
  for (const auto& i : plan.ignored) ignored.push_back(i.commit + " " + i.path + ": " + i.reason);
  EXPECT_EQ(ignored,
            (std::vector<std::string>{
                "old Journey/009/Readme.md: the commit was pushed before (distinct: false)",
                "mix Journey/005/Readme.md: removed files do not count",
                "mix README.md: not in a challenge day folder Journey/001/ .. Journey/100/",
                "mix journey/004/Readme.md: not in a challenge day folder Journey/001/ .. Journey/100/",
                "fut Journey/006/Readme.md: the commit is dated after tomorrow (UTC)",
                "plain Journey/008/Readme.md: the commit cannot make an entry: its url must be an https URL",
            }));
}

TEST(GithubPush, AHundredDaysInOnePushAreAHundredEntries) {
  std::vector<std::string> paths;
  for (int d = 1; d <= 100; ++d) {
    char folder[32];
    std::snprintf(folder, sizeof folder, "Journey/%03d/Readme.md", d);
    paths.push_back(folder);
  }
  const auto plan =
      planPush(push({commit("all", "2024-03-01T10:00:00Z", paths)}), std::string("alice"), kToday);
  ASSERT_EQ(plan.entries.size(), 100u);
  EXPECT_EQ(plan.entries.front().day, 1);
  EXPECT_EQ(plan.entries.back().day, 100);
}

TEST(GithubPush, ReportsAtMostAHundredIgnoredPaths) {
  std::vector<std::string> paths;
  for (int i = 0; i < 250; ++i) paths.push_back("assets/" + std::to_string(i) + ".png");
  const auto plan =
      planPush(push({commit("big", "2024-03-01T10:00:00Z", paths)}), std::string("alice"), kToday);
  EXPECT_EQ(plan.ignored.size(), kMaxIgnoredPathsReported);
  EXPECT_EQ(plan.ignoredOmitted, 150u);
}

}  // namespace
}  // namespace hdoc::core
