// The conformance suite (see conformance.hpp): each TEST_P runs on every store instantiated.
#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "core/json_writer.hpp"
#include "core/ordering.hpp"
#include "core/records.hpp"
#include "core/text.hpp"
#include "store/conformance.hpp"

namespace hdoc::testing {
namespace {

using core::Article;
using core::TagCount;
using core::User;
using store::Store;

User makeUser(const std::string& profile, const std::string& joined, std::int64_t github = 0,
              std::int64_t twitter = 0) {
  User u;
  u.id = "id-" + profile;
  u.name = "Name of " + profile;
  u.daysCompleted = 7;
  u.githubProfile = profile;
  u.githubScore = github;
  u.githubStreak = 3;
  u.twitterProfile = "tw_" + profile;
  u.twitterScore = twitter;
  u.twitterStreak = 2;
  u.linkedinProfile = "in-" + profile;
  u.status = true;
  u.avatarImage = "https://example.com/" + profile + ".png";
  u.dateJoined = joined;
  return u;
}

Article makeArticle(std::int64_t id, const std::string& tag) {
  Article a;
  a.id = id;
  a.title = "Title " + std::to_string(id);
  a.subtitle = "Subtitle " + std::to_string(id);
  a.image = "https://example.com/" + std::to_string(id) + ".png";
  a.tags = tag;
  a.author = "author" + std::to_string(id % 7);
  return a;
}

// A deterministic spread of users: scores and join dates with many ties on both.
std::vector<User> spreadUsers(int n) {
  std::vector<User> users;
  for (int i = 0; i < n; ++i) {
    const int day = 1 + (i * 7) % 28;
    const std::string joined = "2020-0" + std::to_string(1 + i % 9) + "-" + (day < 10 ? "0" : "") +
                               std::to_string(day) + "T12:00:0" + std::to_string(i % 3) + "Z";
    // Mixed case: byte order puts upper case first, and that is the order the API promises.
    const std::string profile = (i % 5 == 0 ? "User" : "user") + std::to_string(i);
    users.push_back(makeUser(profile, joined, (i * 37) % 50, (i * 11) % 30));
  }
  return users;
}

template <class T, class Less>
std::vector<T> sorted(std::vector<T> v, Less less) {
  std::sort(v.begin(), v.end(), less);
  return v;
}

template <class T>
std::vector<T> firstN(std::vector<T> v, std::size_t n) {
  if (v.size() > n) v.resize(n);
  return v;
}

// The expected /tags answer for a set of articles: exact-value counts, count desc, tag asc.
std::vector<TagCount> expectedCounts(const std::vector<Article>& articles) {
  std::map<std::string, std::int64_t> counts;
  for (const auto& a : articles) ++counts[a.tags];
  std::vector<TagCount> out;
  for (const auto& [tag, count] : counts) out.push_back({tag, count});
  return sorted(out, core::tagCountBefore);
}

std::vector<std::string> profiles(const std::vector<User>& users) {
  std::vector<std::string> out;
  for (const auto& u : users) out.push_back(u.githubProfile);
  return out;
}

std::vector<std::int64_t> ids(const std::vector<Article>& articles) {
  std::vector<std::int64_t> out;
  for (const auto& a : articles) out.push_back(a.id);
  return out;
}

TEST_P(StoreConformance, PingAnswersOnAFreshStore) {
  EXPECT_NO_THROW(store().ping());
}

TEST_P(StoreConformance, EmptyStoreAnswersEmptyEverywhere) {
  EXPECT_TRUE(store().listUsers(std::nullopt).empty());
  EXPECT_TRUE(store().listUsers(10).empty());
  EXPECT_TRUE(store().recentUsers(10).empty());
  EXPECT_TRUE(store().leaderboard(10).empty());
  EXPECT_TRUE(store().listArticles(std::nullopt, std::nullopt).empty());
  EXPECT_TRUE(store().listArticles("aws", 5).empty());
  EXPECT_TRUE(store().tagCounts(std::nullopt).empty());
  EXPECT_FALSE(store().findUser("nobody").has_value());
  EXPECT_FALSE(store().deleteUser("nobody"));
  EXPECT_FALSE(store().deleteArticle(1));
  int visits = 0;
  store().forEachUser([&](const User&) { ++visits; });
  store().forEachArticle([&](const Article&) { ++visits; });
  EXPECT_EQ(visits, 0);
}

TEST_P(StoreConformance, UserRoundTripsFieldForField) {
  User full = makeUser("Round-Trip_1", "2021-02-03T04:05:06Z", 10, 20);
  full.status = false;
  full.name = "Zoë 🚀 \"quoted\" \\ back";
  full.bio = "Cloud person.\nSecond line, ünïcödé.";
  User noBio = makeUser("nobio", "2021-02-03T04:05:06.789Z");
  User emptyBio = makeUser("emptybio", "2021-02-03T04:05:06+00:00");
  emptyBio.bio = "";
  User blanks = makeUser("blanks", "1969-12-31T23:59:59Z");
  blanks.twitterProfile = blanks.linkedinProfile = blanks.avatarImage = blanks.name = "";
  store().upsertUsers(std::vector<User>{full, noBio, emptyBio, blanks});

  EXPECT_EQ(store().findUser("Round-Trip_1"), full);
  const auto gotNoBio = store().findUser("nobio");
  ASSERT_TRUE(gotNoBio);
  EXPECT_FALSE(gotNoBio->bio.has_value()) << "an absent bio must stay absent";
  EXPECT_EQ(*gotNoBio, noBio);
  const auto gotEmptyBio = store().findUser("emptybio");
  ASSERT_TRUE(gotEmptyBio);
  ASSERT_TRUE(gotEmptyBio->bio.has_value()) << "an empty bio is not an absent one";
  EXPECT_EQ(*gotEmptyBio, emptyBio);
  EXPECT_EQ(store().findUser("blanks"), blanks);
}

TEST_P(StoreConformance, FindUserIgnoresAsciiCaseOnly) {
  store().upsertUsers(std::vector<User>{makeUser("FDurham0", "2020-08-08T21:01:23Z")});
  for (const char* query : {"FDurham0", "fdurham0", "FDURHAM0", "fDuRhAm0"}) {
    const auto found = store().findUser(query);
    ASSERT_TRUE(found) << query;
    EXPECT_EQ(found->githubProfile, "FDurham0") << "the stored spelling is returned";
  }
  for (const char* miss : {"fdurham", "fdurham00", " fdurham0", "fdurham0 ", "", "FDURHAM0\xC3\xA4"}) {
    EXPECT_FALSE(store().findUser(miss)) << miss;
  }
  EXPECT_FALSE(store().findUser(std::string(3000, 'a')));
  EXPECT_FALSE(store().findUser("\xFF\xFE"));
}

TEST_P(StoreConformance, UpsertReplacesAUserByFoldedProfile) {
  User first = makeUser("Alice", "2020-01-01T00:00:00Z", 5, 5);
  first.bio = "old bio";
  store().upsertUsers(std::vector<User>{first});
  User second = makeUser("ALICE", "2021-01-01T00:00:00Z", 50, 1);
  second.name = "Alice Again";
  store().upsertUsers(std::vector<User>{second});

  const auto all = store().listUsers(std::nullopt);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0], second) << "the whole record is replaced, the bio included";
  EXPECT_EQ(store().leaderboard(10), std::vector<User>{second});
  EXPECT_EQ(store().recentUsers(10), std::vector<User>{second});
}

TEST_P(StoreConformance, AnImportKeepsTheOwnerOfAWrittenProfile) {
  User written = makeUser("Owned", "2020-01-01T00:00:00Z", 5, 5);
  written.owner = "cognito-sub-1";
  written.bio = "mine";
  store().upsertUsers(std::vector<User>{written, makeUser("unowned", "2020-01-02T00:00:00Z")});
  EXPECT_EQ(store().findUser("owned"), written);
  EXPECT_EQ(store().findUser("unowned")->owner, "");

  // An imported record carries no owner: every field is replaced but the owner stays.
  User imported = makeUser("OWNED", "2021-01-01T00:00:00Z", 9, 9);
  store().upsertUsers(std::vector<User>{imported});
  User expected = imported;
  expected.owner = "cognito-sub-1";
  EXPECT_EQ(store().findUser("owned"), expected);
  EXPECT_EQ(store().listUsers(std::nullopt).at(1), expected);
  EXPECT_EQ(store().leaderboard(1).at(0), expected);
}

TEST_P(StoreConformance, RepeatedKeysInOneBatchMeanTheLastRecord) {
  User a1 = makeUser("bob", "2020-01-01T00:00:00Z", 1);
  User a2 = makeUser("BOB", "2020-02-01T00:00:00Z", 2);
  User other = makeUser("carol", "2020-03-01T00:00:00Z", 3);
  store().upsertUsers(std::vector<User>{a1, other, a2});
  EXPECT_EQ(store().listUsers(std::nullopt), (std::vector<User>{a2, other}));

  store().upsertArticles(std::vector<Article>{makeArticle(1, "x"), makeArticle(2, "y"), makeArticle(1, "z")});
  EXPECT_EQ(store().listArticles(std::nullopt, std::nullopt),
            (std::vector<Article>{makeArticle(1, "z"), makeArticle(2, "y")}));
  EXPECT_EQ(store().tagCounts(std::nullopt), (std::vector<TagCount>{{"y", 1}, {"z", 1}}));
}

TEST_P(StoreConformance, UserListingsFollowTheReferenceOrders) {
  std::vector<User> users = spreadUsers(60);
  // Exact ties on every key but the profile, including case variants that sort apart bytewise.
  users.push_back(makeUser("Tie", "2020-05-05T05:05:05Z", 40, 9));
  users.push_back(makeUser("tie2", "2020-05-05T05:05:05.000Z", 9, 40));
  users.push_back(makeUser("TIE3", "2020-05-05T05:05:05+00:00", 49, 0));
  users.push_back(makeUser("old", "1999-12-31T23:59:59.999Z", 0, 0));
  store().upsertUsers(users);

  EXPECT_EQ(profiles(store().listUsers(std::nullopt)), profiles(sorted(users, core::registrationBefore)));
  EXPECT_EQ(store().listUsers(std::nullopt), sorted(users, core::registrationBefore));
  EXPECT_EQ(profiles(store().recentUsers(users.size())), profiles(sorted(users, core::recentBefore)));
  EXPECT_EQ(profiles(store().leaderboard(users.size())), profiles(sorted(users, core::leaderboardBefore)));
}

TEST_P(StoreConformance, UserLimitsZeroOneManyAll) {
  const std::vector<User> users = spreadUsers(23);
  store().upsertUsers(users);
  const auto registration = sorted(users, core::registrationBefore);
  const auto recent = sorted(users, core::recentBefore);
  const auto board = sorted(users, core::leaderboardBefore);
  for (std::size_t limit : {0u, 1u, 2u, 10u, 22u, 23u, 24u, 10000u}) {
    SCOPED_TRACE("limit " + std::to_string(limit));
    EXPECT_EQ(profiles(store().listUsers(limit)), profiles(firstN(registration, limit)));
    EXPECT_EQ(profiles(store().recentUsers(limit)), profiles(firstN(recent, limit)));
    EXPECT_EQ(profiles(store().leaderboard(limit)), profiles(firstN(board, limit)));
  }
}

TEST_P(StoreConformance, LeaderboardBreaksScoreTiesByProfileAtTheLimitBoundary) {
  // Thirty users with the same total: whichever shards they land in, the first k by profile win.
  std::vector<User> users;
  for (int i = 0; i < 30; ++i)
    users.push_back(makeUser("p" + std::to_string(100 + i), "2020-01-01T00:00:00Z", i, 30 - i));
  users.push_back(makeUser("top", "2020-01-01T00:00:00Z", 100, 0));
  store().upsertUsers(users);
  const auto board = sorted(users, core::leaderboardBefore);
  for (std::size_t k : {1u, 2u, 5u, 13u, 31u}) {
    EXPECT_EQ(profiles(store().leaderboard(k)), profiles(firstN(board, k))) << "k=" << k;
  }
}

TEST_P(StoreConformance, ScoreChangesMoveUsersOnTheLeaderboard) {
  std::vector<User> users = spreadUsers(12);
  store().upsertUsers(users);
  users[3].githubScore = 900;  // to the top
  users[0].twitterScore = 0;
  users[0].githubScore = 0;
  store().upsertUsers(std::vector<User>{users[3], users[0]});
  EXPECT_EQ(profiles(store().leaderboard(12)), profiles(sorted(users, core::leaderboardBefore)));
  EXPECT_EQ(store().leaderboard(1).at(0), users[3]);
}

TEST_P(StoreConformance, DeleteUserIsCaseInsensitiveAndReportsWhetherItDeleted) {
  const std::vector<User> users = spreadUsers(5);
  store().upsertUsers(users);
  EXPECT_TRUE(store().deleteUser("USER0"));  // stored as "User0"
  EXPECT_FALSE(store().deleteUser("user0"));
  EXPECT_FALSE(store().deleteUser("nobody"));
  EXPECT_FALSE(store().findUser("User0"));
  const std::vector<User> rest(users.begin() + 1, users.end());
  EXPECT_EQ(store().listUsers(std::nullopt), sorted(rest, core::registrationBefore));
  EXPECT_EQ(store().leaderboard(10), sorted(rest, core::leaderboardBefore));
  EXPECT_EQ(store().recentUsers(10), sorted(rest, core::recentBefore));
}

TEST_P(StoreConformance, ForEachVisitsEverythingInOrder) {
  const std::vector<User> users = spreadUsers(40);
  store().upsertUsers(users);
  std::vector<Article> articles;
  for (std::int64_t id : std::vector<std::int64_t>{5, 100, 9, 10, 1, 2, 99, 1000})
    articles.push_back(makeArticle(id, "t"));
  store().upsertArticles(articles);

  std::vector<User> visitedUsers;
  store().forEachUser([&](const User& u) { visitedUsers.push_back(u); });
  EXPECT_EQ(visitedUsers, sorted(users, core::registrationBefore));
  std::vector<Article> visitedArticles;
  store().forEachArticle([&](const Article& a) { visitedArticles.push_back(a); });
  EXPECT_EQ(visitedArticles, sorted(articles, core::articleBefore));
}

TEST_P(StoreConformance, ArticlesAreListedByNumericIdWithLimits) {
  std::vector<Article> articles;
  for (std::int64_t id : std::vector<std::int64_t>{10, 9, 100, 1, 11, 2, 9007199254740991, 20})
    articles.push_back(makeArticle(id, "k"));
  store().upsertArticles(articles);
  const auto expected = sorted(articles, core::articleBefore);
  EXPECT_EQ(store().listArticles(std::nullopt, std::nullopt), expected);
  for (std::size_t limit : {0u, 1u, 3u, 7u, 8u, 9u, 10000u}) {
    EXPECT_EQ(ids(store().listArticles(std::nullopt, limit)), ids(firstN(expected, limit))) << limit;
    EXPECT_EQ(ids(store().listArticles("K", limit)), ids(firstN(expected, limit))) << limit;
  }
}

TEST_P(StoreConformance, ArticlesByTagMatchAsciiCaseInsensitively) {
  const std::vector<Article> articles = {
      makeArticle(1, "AWS"),  makeArticle(2, "aws"),      makeArticle(3, "Aws"),  makeArticle(4, "GCP"),
      makeArticle(5, "awsx"), makeArticle(6, "\xC3\x84"), makeArticle(7, "AWS "), makeArticle(8, "gcp"),
  };
  store().upsertArticles(articles);
  EXPECT_EQ(ids(store().listArticles("aws", std::nullopt)), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(ids(store().listArticles("AWS", std::nullopt)), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(ids(store().listArticles("aWs", 2)), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(ids(store().listArticles("Gcp", std::nullopt)), (std::vector<std::int64_t>{4, 8}));
  EXPECT_EQ(ids(store().listArticles("AWS ", std::nullopt)), (std::vector<std::int64_t>{7}));
  // Only ASCII folds: "Ä" (C3 84) does not match "ä" (C3 A4).
  EXPECT_EQ(ids(store().listArticles("\xC3\x84", std::nullopt)), (std::vector<std::int64_t>{6}));
  EXPECT_TRUE(store().listArticles("\xC3\xA4", std::nullopt).empty());
  EXPECT_TRUE(store().listArticles("aw", std::nullopt).empty());
  EXPECT_TRUE(store().listArticles("", std::nullopt).empty());
  EXPECT_TRUE(store().listArticles(std::string(3000, 'x'), std::nullopt).empty());
  EXPECT_TRUE(store().listArticles("\xFF", std::nullopt).empty());
  EXPECT_TRUE(store().listArticles("aws", 0).empty());
}

TEST_P(StoreConformance, TagCountsCountExactValuesInReferenceOrder) {
  const std::vector<Article> articles = {
      makeArticle(1, "AWS"), makeArticle(2, "aws"), makeArticle(3, "AWS"), makeArticle(4, "b"),
      makeArticle(5, "a"),   makeArticle(6, "b"),   makeArticle(7, "AWS"), makeArticle(8, "Z"),
  };
  store().upsertArticles(articles);
  const std::vector<TagCount> expected = {{"AWS", 3}, {"b", 2}, {"Z", 1}, {"a", 1}, {"aws", 1}};
  ASSERT_EQ(expectedCounts(articles), expected);  // the reference itself
  EXPECT_EQ(store().tagCounts(std::nullopt), expected);
  for (std::size_t limit : {0u, 1u, 2u, 3u, 4u, 5u, 6u, 10000u}) {
    EXPECT_EQ(store().tagCounts(limit), firstN(expected, limit)) << limit;
  }
}

TEST_P(StoreConformance, TagCountTiesAtTheLimitBreakByTag) {
  std::vector<Article> articles;
  std::int64_t id = 1;
  // 40 tags with one article each, written in an order unrelated to the tag order, plus a few
  // bigger ones: any cut inside the ties must still be the first tags bytewise.
  for (int i = 0; i < 40; ++i) articles.push_back(makeArticle(id++, "tag" + std::to_string((i * 17) % 40)));
  for (int i = 0; i < 3; ++i) articles.push_back(makeArticle(id++, "big"));
  for (int i = 0; i < 3; ++i) articles.push_back(makeArticle(id++, "Big"));
  for (int i = 0; i < 2; ++i) articles.push_back(makeArticle(id++, "mid"));
  store().upsertArticles(articles);
  const auto expected = expectedCounts(articles);
  for (std::size_t limit : {1u, 2u, 3u, 4u, 5u, 20u, 42u, 43u, 44u}) {
    EXPECT_EQ(store().tagCounts(limit), firstN(expected, limit)) << limit;
  }
  EXPECT_EQ(store().tagCounts(std::nullopt), expected);
}

TEST_P(StoreConformance, TagCountsFollowUpdatesAndDeletes) {
  std::vector<Article> articles = {makeArticle(1, "aws"), makeArticle(2, "aws"), makeArticle(3, "gcp"),
                                   makeArticle(4, "azure")};
  store().upsertArticles(articles);
  EXPECT_EQ(store().tagCounts(std::nullopt), expectedCounts(articles));

  // Same tag again: nothing moves. Re-running a write is harmless.
  store().upsertArticles(articles);
  EXPECT_EQ(store().tagCounts(std::nullopt), expectedCounts(articles));

  // A retag moves one count from the old tag to the new one; a count reaching 0 disappears.
  articles[3].tags = "gcp";
  articles[3].title = "retagged";
  store().upsertArticles(std::vector<Article>{articles[3]});
  EXPECT_EQ(store().tagCounts(std::nullopt), (std::vector<TagCount>{{"aws", 2}, {"gcp", 2}}));
  EXPECT_TRUE(store().listArticles("azure", std::nullopt).empty());
  EXPECT_EQ(store().listArticles("GCP", std::nullopt), (std::vector<Article>{articles[2], articles[3]}));

  // A case-only retag is a different exact value.
  articles[0].tags = "AWS";
  store().upsertArticles(std::vector<Article>{articles[0]});
  EXPECT_EQ(store().tagCounts(std::nullopt), (std::vector<TagCount>{{"gcp", 2}, {"AWS", 1}, {"aws", 1}}));
  EXPECT_EQ(ids(store().listArticles("aws", std::nullopt)), (std::vector<std::int64_t>{1, 2}));

  EXPECT_TRUE(store().deleteArticle(2));
  EXPECT_FALSE(store().deleteArticle(2));
  EXPECT_FALSE(store().deleteArticle(77));
  EXPECT_EQ(store().tagCounts(std::nullopt), (std::vector<TagCount>{{"gcp", 2}, {"AWS", 1}}));
  EXPECT_TRUE(store().deleteArticle(1));
  EXPECT_EQ(store().tagCounts(std::nullopt), (std::vector<TagCount>{{"gcp", 2}}));

  // A tag that came back after reaching zero counts from one again.
  store().upsertArticles(std::vector<Article>{makeArticle(9, "aws")});
  EXPECT_EQ(store().tagCounts(std::nullopt), (std::vector<TagCount>{{"gcp", 2}, {"aws", 1}}));
  EXPECT_EQ(ids(store().listArticles(std::nullopt, std::nullopt)), (std::vector<std::int64_t>{3, 4, 9}));
}

TEST_P(StoreConformance, BigBatchesAreWrittenWholeAndCountedExactly) {
  // More than any single DynamoDB request holds (100 transaction items, 25 batch writes).
  const std::vector<User> users = spreadUsers(260);
  store().upsertUsers(users);
  EXPECT_EQ(store().listUsers(std::nullopt), sorted(users, core::registrationBefore));

  std::vector<Article> articles;
  for (int i = 1; i <= 180; ++i) articles.push_back(makeArticle(i, "t" + std::to_string(i % 13)));
  store().upsertArticles(articles);
  EXPECT_EQ(store().listArticles(std::nullopt, std::nullopt), articles);
  EXPECT_EQ(store().tagCounts(std::nullopt), expectedCounts(articles));

  // Importing the same data again changes nothing.
  store().upsertUsers(users);
  store().upsertArticles(articles);
  EXPECT_EQ(store().listUsers(std::nullopt).size(), users.size());
  EXPECT_EQ(store().tagCounts(std::nullopt), expectedCounts(articles));

  // Retag every other article in one big batch.
  for (std::size_t i = 0; i < articles.size(); i += 2) articles[i].tags = "T" + std::to_string(i % 5);
  store().upsertArticles(articles);
  EXPECT_EQ(store().tagCounts(std::nullopt), expectedCounts(articles));
  EXPECT_EQ(store().tagCounts(3), firstN(expectedCounts(articles), 3));
}

TEST_P(StoreConformance, ConcurrentArticleWritesKeepCountsExact) {
  // Four writers at once on one store (as the server's threads are), retagging their own articles
  // among three shared tags, so that every write moves counters another writer is moving too.
  constexpr int kWriters = 4, kArticlesEach = 5, kRounds = 6;
  const std::vector<std::string> tags = {"aws", "gcp", "azure"};
  std::vector<std::thread> writers;
  std::vector<std::string> failures(kWriters);
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      try {
        for (int round = 0; round < kRounds; ++round) {
          std::vector<Article> batch;
          for (int i = 0; i < kArticlesEach; ++i) {
            batch.push_back(makeArticle(w * 100 + i + 1, tags[(w + i + round) % tags.size()]));
          }
          store().upsertArticles(batch);
        }
      } catch (const std::exception& e) {
        failures[w] = e.what();
      }
    });
  }
  for (auto& t : writers) t.join();
  for (const auto& f : failures) EXPECT_EQ(f, "");
  std::vector<Article> final;
  for (int w = 0; w < kWriters; ++w) {
    for (int i = 0; i < kArticlesEach; ++i) {
      final.push_back(makeArticle(w * 100 + i + 1, tags[(w + i + kRounds - 1) % tags.size()]));
    }
  }
  EXPECT_EQ(store().listArticles(std::nullopt, std::nullopt), final);
  EXPECT_EQ(store().tagCounts(std::nullopt), expectedCounts(final));
}

TEST_P(StoreConformance, ListingsCrossOneMegabytePages) {
  // DynamoDB returns at most 1 MB per Query page: these users (about 40 KB each, ~6 MB in all, so
  // well over 1 MB in each of the leaderboard shards) and articles (~1.7 MB under one tag) can only
  // be listed by following pages. Written in chunks, as an import of big records would be.
  std::vector<User> users = spreadUsers(150);
  for (std::size_t i = 0; i < users.size(); ++i)
    users[i].bio = std::string(40000, static_cast<char>('a' + i % 26));
  for (std::size_t start = 0; start < users.size(); start += 30) {
    store().upsertUsers(std::span(users).subspan(start, std::min<std::size_t>(30, users.size() - start)));
  }
  std::vector<Article> articles;
  for (int i = 1; i <= 90; ++i) {
    Article a = makeArticle(i, i % 2 ? "Big" : "BIG");
    a.subtitle = std::string(20000, static_cast<char>('A' + i % 26));
    articles.push_back(a);
  }
  store().upsertArticles(articles);

  EXPECT_EQ(store().listUsers(std::nullopt), sorted(users, core::registrationBefore));
  std::size_t visited = 0;
  store().forEachUser([&](const User&) { ++visited; });
  EXPECT_EQ(visited, users.size());
  EXPECT_EQ(profiles(store().leaderboard(users.size())), profiles(sorted(users, core::leaderboardBefore)));
  EXPECT_EQ(profiles(store().recentUsers(140)), profiles(firstN(sorted(users, core::recentBefore), 140)));
  EXPECT_EQ(store().listArticles(std::nullopt, std::nullopt), articles);
  EXPECT_EQ(ids(store().listArticles(std::nullopt, 85)), ids(firstN(articles, 85)));
  EXPECT_EQ(store().listArticles("big", std::nullopt), articles);
  EXPECT_EQ(ids(store().listArticles("bIg", 89)), ids(firstN(articles, 89)));
  EXPECT_EQ(store().tagCounts(std::nullopt), (std::vector<TagCount>{{"BIG", 45}, {"Big", 45}}));
}

// What `hdoc export` writes for a store: every record in the frontend's shape, one per line.
std::string exportAll(Store& store) {
  std::string out = "{\"users\":[";
  const char* separator = "\n";
  store.forEachUser([&](const User& u) { out += separator + core::toJson(u), separator = ",\n"; });
  out += "],\"articles\":[";
  separator = "\n";
  store.forEachArticle([&](const Article& a) { out += separator + core::toJson(a), separator = ",\n"; });
  out += "]}";
  return out;
}

// What `hdoc import` does with such a document: every record through the import rules, then upserted.
void importAll(Store& store, std::string_view document) {
  const auto parsed = boost::json::parse(document);
  std::vector<User> users;
  for (const auto& record : parsed.at("users").as_array()) {
    auto v = core::userFromJson(record);
    ASSERT_TRUE(v.ok()) << record << ": " << v.errors[0].field << " " << v.errors[0].problem;
    users.push_back(v.value);
  }
  std::vector<Article> articles;
  for (const auto& record : parsed.at("articles").as_array()) {
    auto v = core::articleFromJson(record);
    ASSERT_TRUE(v.ok()) << record << ": " << v.errors[0].field << " " << v.errors[0].problem;
    articles.push_back(v.value);
  }
  store.upsertUsers(users);
  store.upsertArticles(articles);
}

// Prose (bio, title, subtitle) may be laid out in lines: tabs, LF and CRLF survive import, export and
// import again, byte for byte.
TEST_P(StoreConformance, MultiLineProseRoundTripsImportExportImportByteForByte) {
  const std::string bio = "First line\nSecond line\r\n\tIndented \xC3\xBC\rLast";
  const std::string title = "Two\nlines";
  const std::string subtitle = "Para one.\r\n\r\n\tPara two\tends here.\n";
  boost::json::object user = boost::json::parse(R"({"id":"pr0se","name":"Prose Writer","daysCompleted":3,
    "githubProfile":"prose","githubScore":1,"githubStreak":1,"twitterProfile":"","twitterScore":0,
    "twitterStreak":0,"linkedinProfile":"","status":true,"avatarImage":"","dateJoined":"2021-01-01T00:00:00Z"})")
                                 .as_object();
  user["bio"] = bio;
  const boost::json::object article{{"id", 7},     {"title", title}, {"subtitle", subtitle},
                                    {"image", ""}, {"tags", "AWS"},  {"author", "prose"}};
  const std::string file = "{\"users\":[" + boost::json::serialize(user) + "],\"articles\":[" +
                           boost::json::serialize(article) + "]}";
  ASSERT_NO_FATAL_FAILURE(importAll(store(), file));
  const auto stored = store().findUser("prose");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->bio, bio);
  const auto storedArticle = store().findArticle(7);
  ASSERT_TRUE(storedArticle);
  EXPECT_EQ(storedArticle->title, title);
  EXPECT_EQ(storedArticle->subtitle, subtitle);

  const std::string exported = exportAll(store());
  const auto again = GetParam().make();
  ASSERT_NO_FATAL_FAILURE(importAll(*again, exported));
  EXPECT_EQ(exportAll(*again), exported);
  EXPECT_EQ(again->findUser("prose")->bio, bio);
  EXPECT_EQ(again->findArticle(7)->subtitle, subtitle);
}

}  // namespace
}  // namespace hdoc::testing
