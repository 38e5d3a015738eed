// Keyset scans (store/store.hpp): a walk of pages, each starting strictly after the last item of the
// one before, returns every list exactly in the reference order (core/ordering.hpp), ties included;
// a scan stops when its visitor does; and a position stays a valid place to continue across writes.
#include <algorithm>
#include <map>
#include <set>

#include "core/ordering.hpp"
#include "core/text.hpp"
#include "store/pagination_conformance.hpp"

namespace hdoc::testing {
namespace {

using core::Article;
using core::TagCount;
using core::User;
using store::Store;

User user(const std::string& profile, const std::string& joined, std::int64_t github, std::int64_t twitter) {
  User u;
  u.id = "id" + std::to_string(profile.size());
  u.name = "Name " + profile;
  u.githubProfile = profile;
  u.githubScore = github;
  u.twitterScore = twitter;
  u.twitterProfile = profile;
  u.linkedinProfile = profile;
  u.avatarImage = "https://example.com/a.png";
  u.dateJoined = joined;
  return u;
}

// Users with many ties on every sort field: 12 join instants, 9 totals, profiles in both cases.
std::vector<User> tiedUsers(int n) {
  std::vector<User> out;
  for (int i = 0; i < n; ++i) {
    const std::string profile =
        (i % 3 == 0 ? "Z" : "a") + std::to_string(i * 7919 % 1000) + (i % 4 ? "x" : "");
    const int month = 1 + i % 12;
    const std::string joined =
        "2021-" + std::string(month < 10 ? "0" : "") + std::to_string(month) + "-15T08:00:00Z";
    out.push_back(user(profile, joined, (i % 9) * 10, (i % 2) * 5));
  }
  return out;
}

Store::UserPosition positionOf(Store::UserOrder order, const User& u) {
  return {order == Store::UserOrder::Leaderboard ? u.totalScore() : core::joinedMillis(u), u.githubProfile};
}

// Every page of `pageSize`, each after the previous page's last user.
std::vector<User> walkUsers(Store& store, Store::UserOrder order, std::size_t pageSize,
                            std::size_t* pages = nullptr) {
  std::vector<User> all;
  std::optional<Store::UserPosition> after;
  for (std::size_t n = 0;; ++n) {
    std::vector<User> page;
    store.scanUsers(order, after, pageSize, [&](User&& u) {
      page.push_back(std::move(u));
      return true;
    });
    EXPECT_LE(page.size(), pageSize);
    if (page.empty()) {
      if (pages) *pages = n;
      return all;
    }
    after = positionOf(order, page.back());
    all.insert(all.end(), page.begin(), page.end());
  }
}

std::vector<std::string> profiles(const std::vector<User>& users) {
  std::vector<std::string> out;
  for (const auto& u : users) out.push_back(u.githubProfile);
  return out;
}

using Less = bool (*)(const User&, const User&);
const std::pair<Store::UserOrder, Less> kOrders[] = {
    {Store::UserOrder::Registration, core::registrationBefore},
    {Store::UserOrder::Recent, core::recentBefore},
    {Store::UserOrder::Leaderboard, core::leaderboardBefore},
};

TEST_P(PaginationConformance, WalkingUserPagesGivesEachOrderExactlyOnce) {
  auto users = tiedUsers(90);
  store().upsertUsers(users);
  for (const auto& [order, less] : kOrders) {
    auto expected = users;
    std::sort(expected.begin(), expected.end(), less);
    for (const std::size_t pageSize : {1u, 7u, 90u, 1000u}) {
      SCOPED_TRACE("order " + std::to_string(static_cast<int>(order)) + ", pages of " +
                   std::to_string(pageSize));
      std::size_t pages = 0;
      EXPECT_EQ(profiles(walkUsers(store(), order, pageSize, &pages)), profiles(expected));
      EXPECT_EQ(pages, (expected.size() + pageSize - 1) / pageSize);
    }
  }
}

TEST_P(PaginationConformance, AScanStopsWhenItsVisitorDoes) {
  store().upsertUsers(tiedUsers(30));
  for (const auto& [order, less] : kOrders) {
    int calls = 0;
    store().scanUsers(order, std::nullopt, std::nullopt, [&](User&&) { return ++calls < 4; });
    EXPECT_EQ(calls, 4);
  }
  std::vector<Article> articles;
  for (int i = 1; i <= 10; ++i) articles.push_back({i, "t", "s", "", "AWS", "x"});
  store().upsertArticles(articles);
  int calls = 0;
  store().scanArticles(std::nullopt, std::nullopt, std::nullopt, [&](Article&&) { return ++calls < 3; });
  EXPECT_EQ(calls, 3);
  calls = 0;
  store().scanArticles("aws", std::nullopt, std::nullopt, [&](Article&&) { return ++calls < 2; });
  EXPECT_EQ(calls, 2);
}

TEST_P(PaginationConformance, APositionNeedNotBeAStoredUser) {
  store().upsertUsers(tiedUsers(40));
  auto all = store().leaderboard(1000);
  // After a deleted user: the walk goes on from where that user stood.
  const User gone = all[10];
  ASSERT_TRUE(store().deleteUser(gone.githubProfile));
  std::vector<std::string> rest;
  store().scanUsers(Store::UserOrder::Leaderboard, positionOf(Store::UserOrder::Leaderboard, gone),
                    std::nullopt, [&](User&& u) {
                      rest.push_back(u.githubProfile);
                      return true;
                    });
  std::vector<std::string> expected;
  for (std::size_t i = 11; i < all.size(); ++i) expected.push_back(all[i].githubProfile);
  EXPECT_EQ(rest, expected);
}

// What a concurrent score change does to a leaderboard walk (the README says it): users that did
// not change are each seen once, in order; a user whose total changed during the walk may be seen
// twice (moved below the page boundary) or not at all (moved above it).
TEST_P(PaginationConformance, AWalkSeesEveryUnchangedUserOnceWhateverIsWrittenMeanwhile) {
  auto users = tiedUsers(60);
  store().upsertUsers(users);
  std::vector<User> seen;
  std::optional<Store::UserPosition> after;
  std::set<std::string> changed;
  for (int page = 0;; ++page) {
    std::vector<User> got;
    store().scanUsers(Store::UserOrder::Leaderboard, after, 8, [&](User&& u) {
      got.push_back(std::move(u));
      return true;
    });
    if (got.empty()) break;
    after = positionOf(Store::UserOrder::Leaderboard, got.back());
    seen.insert(seen.end(), got.begin(), got.end());
    if (page == 2) {
      // A new user at the top, one at the bottom, and one existing user's score change.
      User top = user("newtop", "2022-01-01T00:00:00Z", 900, 0),
           bottom = user("newbottom", "2022-01-01T00:00:00Z", 0, 0);
      User moved = users[5];
      moved.githubScore += 1000;
      store().upsertUsers(std::vector<User>{top, bottom, moved});
      changed = {"newtop", "newbottom", moved.githubProfile};
    }
  }
  std::vector<std::string> unchangedSeen;
  for (const auto& u : seen) {
    if (!changed.contains(u.githubProfile)) unchangedSeen.push_back(u.githubProfile);
  }
  auto expected = users;
  std::erase_if(expected, [&](const User& u) { return changed.contains(u.githubProfile); });
  std::sort(expected.begin(), expected.end(), core::leaderboardBefore);
  EXPECT_EQ(unchangedSeen, profiles(expected));
  // A user added below the walk's position is reached; one added above it is not.
  EXPECT_EQ(
      std::count_if(seen.begin(), seen.end(), [](const User& u) { return u.githubProfile == "newbottom"; }),
      1);
  EXPECT_EQ(
      std::count_if(seen.begin(), seen.end(), [](const User& u) { return u.githubProfile == "newtop"; }), 0);
}

TEST_P(PaginationConformance, WalkingArticlesByIdAllAndByTag) {
  std::vector<Article> articles;
  for (int i = 1; i <= 45; ++i) {
    articles.push_back(
        {i * 3, "t" + std::to_string(i), "s", "", i % 3 == 0 ? "AWS" : (i % 3 == 1 ? "aws" : "GCP"), "x"});
  }
  store().upsertArticles(articles);
  auto walk = [&](std::optional<std::string_view> tag, std::size_t pageSize) {
    std::vector<std::int64_t> ids;
    std::optional<std::int64_t> after;
    for (;;) {
      std::size_t got = 0;
      store().scanArticles(tag, after, pageSize, [&](Article&& a) {
        ids.push_back(a.id);
        after = a.id;
        ++got;
        return true;
      });
      EXPECT_LE(got, pageSize);
      if (got == 0) return ids;
    }
  };
  std::vector<std::int64_t> all, aws;
  for (const auto& a : articles) {
    all.push_back(a.id);
    if (core::asciiFold(a.tags) == "aws") aws.push_back(a.id);
  }
  for (const std::size_t pageSize : {1u, 4u, 100u}) {
    EXPECT_EQ(walk(std::nullopt, pageSize), all);
    EXPECT_EQ(walk("Aws", pageSize), aws);
  }
}

TEST_P(PaginationConformance, WalkingTagCountsBreaksTiesByTagAcrossPages) {
  // 40 tags in four tie groups of counts 1..4: pages cut through the groups.
  std::vector<Article> articles;
  std::int64_t id = 1;
  std::vector<TagCount> expected;
  for (int t = 0; t < 40; ++t) {
    const std::string tag = (t % 2 ? "tag-" : "Tag-") + std::to_string(t * 37 % 100);
    const int count = 1 + t % 4;
    for (int k = 0; k < count; ++k) articles.push_back({id++, "t", "s", "", tag, "x"});
    expected.push_back({tag, count});
  }
  store().upsertArticles(articles);
  std::sort(expected.begin(), expected.end(), core::tagCountBefore);
  for (const std::size_t pageSize : {1u, 3u, 11u, 100u}) {
    SCOPED_TRACE(pageSize);
    std::vector<TagCount> walked;
    std::optional<Store::TagPosition> after;
    for (;;) {
      std::size_t got = 0;
      store().scanTagCounts(after, pageSize, [&](TagCount&& t) {
        after = Store::TagPosition{t.count, t.tag};
        walked.push_back(std::move(t));
        ++got;
        return true;
      });
      EXPECT_LE(got, pageSize);
      if (got == 0) break;
    }
    EXPECT_EQ(walked, expected);
  }
}

}  // namespace
}  // namespace hdoc::testing
