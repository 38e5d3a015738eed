// The demo-data generator (core/seed.hpp): deterministic, unique keys, valid records, long-tail tags.
#include "core/seed.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <unordered_set>

#include "core/records.hpp"
#include "core/text.hpp"

namespace hdoc::core {
namespace {

std::string describe(const std::vector<FieldError>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.field + ": " + e.problem + "; ";
  return out;
}

TEST(SeedTest, SameSeedGivesTheSameRecords) {
  const DemoData a({.users = 500, .articles = 100, .seed = 7});
  const DemoData b({.users = 500, .articles = 100, .seed = 7});
  for (std::size_t i = 0; i < 500; ++i) EXPECT_EQ(a.user(i), b.user(i)) << i;
  for (std::size_t i = 0; i < 100; ++i) EXPECT_EQ(a.article(i), b.article(i)) << i;
}

TEST(SeedTest, RecordsDoNotDependOnTheOrderTheyAreAskedFor) {
  const DemoData d({.users = 1000, .articles = 100, .seed = 3});
  const User late = d.user(999);
  const Article lateArticle = d.article(99);
  for (std::size_t i = 0; i < 999; ++i) d.user(i);
  EXPECT_EQ(d.user(999), late);
  EXPECT_EQ(d.article(99), lateArticle);
}

// Pinned values: the generator must give the same data on every compiler and standard library, so a
// change here means every seeded database and benchmark changes too.
TEST(SeedTest, FirstRecordsArePinned) {
  const DemoData d({.users = 1000, .articles = 200, .seed = 1});
  const User u = d.user(0);
  EXPECT_EQ(u.githubProfile, "JoseH0");
  EXPECT_EQ(u.id, "wiFpE");
  EXPECT_EQ(u.dateJoined, "2024-11-12T12:54:34Z");
  EXPECT_EQ(d.article(0).tags, "Serverless Framework");
}

TEST(SeedTest, DifferentSeedsGiveDifferentRecords) {
  const DemoData a({.users = 200, .articles = 100, .seed = 1});
  const DemoData b({.users = 200, .articles = 100, .seed = 2});
  int sameUsers = 0;
  int sameArticles = 0;
  for (std::size_t i = 0; i < 200; ++i) sameUsers += a.user(i) == b.user(i);
  for (std::size_t i = 0; i < 100; ++i) sameArticles += a.article(i) == b.article(i);
  EXPECT_EQ(sameUsers, 0);
  EXPECT_EQ(sameArticles, 0);
  EXPECT_NE(a.user(0).id, b.user(0).id);
  EXPECT_NE(a.user(0).name + a.user(1).name, b.user(0).name + b.user(1).name);
}

TEST(SeedTest, HandlesAndIdsAreUniqueOverAHundredThousandUsers) {
  constexpr std::size_t kUsers = 100'000;
  const DemoData d({.users = kUsers, .articles = 0, .seed = 1});
  std::unordered_set<std::string> handles;
  std::unordered_set<std::string> ids;
  handles.reserve(kUsers);
  ids.reserve(kUsers);
  for (std::size_t i = 0; i < kUsers; ++i) {
    const User u = d.user(i);
    EXPECT_TRUE(handles.insert(asciiFold(u.githubProfile)).second) << "duplicate handle " << u.githubProfile;
    EXPECT_TRUE(ids.insert(u.id).second) << "duplicate id " << u.id;
  }
  EXPECT_EQ(handles.size(), kUsers);
  EXPECT_EQ(ids.size(), kUsers);
}

TEST(SeedTest, EveryUserIsValidAndLooksLikeTheFrontendData) {
  const DemoData d({.users = 20'000, .articles = 0, .seed = 11});
  std::size_t active = 0;
  std::map<std::int64_t, int> days;
  std::string earliest = "9999";
  std::string latest;
  for (std::size_t i = 0; i < 20'000; ++i) {
    const User u = d.user(i);
    ASSERT_TRUE(validateUser(u).empty()) << i << ": " << describe(validateUser(u));
    ASSERT_TRUE(isValidGithubProfile(u.githubProfile)) << u.githubProfile;
    ASSERT_EQ(u.id.size(), 5u);
    for (char c : u.id) ASSERT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << u.id;
    ASSERT_GE(u.githubScore, 0);
    ASSERT_LE(u.githubScore, 200);
    ASSERT_GE(u.twitterScore, 0);
    ASSERT_LE(u.twitterScore, 200);
    ASSERT_GE(u.githubStreak, 0);
    ASSERT_LE(u.githubStreak, 50);
    ASSERT_GE(u.twitterStreak, 0);
    ASSERT_LE(u.twitterStreak, 50);
    ASSERT_GE(u.daysCompleted, 0);
    ASSERT_LE(u.daysCompleted, 100);
    ASSERT_FALSE(u.name.empty());
    ASSERT_FALSE(u.twitterProfile.empty());
    ASSERT_FALSE(u.linkedinProfile.empty());
    ASSERT_EQ(u.avatarImage, "https://robohash.org/" + u.githubProfile + ".png?size=300x300&set=set1");
    ASSERT_EQ(u.dateJoined.size(), 20u) << u.dateJoined;
    ASSERT_FALSE(u.bio.has_value());
    active += u.status;
    days[u.daysCompleted]++;
    earliest = std::min(earliest, u.dateJoined);
    latest = std::max(latest, u.dateJoined);
  }
  EXPECT_GT(active, 20'000u * 3 / 4) << "most journeyers are active";
  EXPECT_LT(active, 20'000u);
  EXPECT_GT(days.size(), 90u) << "progress spreads over the hundred days";
  EXPECT_GE(earliest, "2020-05-01T00:00:00Z");
  EXPECT_LT(latest, "2026-11-01T00:00:00Z");
  EXPECT_LT(earliest, "2020-09-01") << "join dates cover the whole range";
  EXPECT_GT(latest, "2026-07-01");
}

TEST(SeedTest, EveryArticleIsValidAndWrittenByAnExistingUser) {
  const DemoData d({.users = 300, .articles = 3000, .seed = 5});
  std::unordered_set<std::string> handles;
  for (std::size_t i = 0; i < 300; ++i) handles.insert(d.user(i).githubProfile);
  for (std::size_t i = 0; i < 3000; ++i) {
    const Article a = d.article(i);
    ASSERT_TRUE(validateArticle(a).empty()) << i << ": " << describe(validateArticle(a));
    ASSERT_EQ(a.id, static_cast<std::int64_t>(i) + 1);
    ASSERT_FALSE(a.title.empty());
    ASSERT_FALSE(a.subtitle.empty());
    ASSERT_TRUE(a.image.starts_with("http://dummyimage.com/")) << a.image;
    ASSERT_TRUE(handles.contains(a.author)) << a.author;
  }
}

TEST(SeedTest, TagsFollowALongTailHeadedByTheThreeClouds) {
  const DemoData d({.users = 1000, .articles = 50'000, .seed = 1});
  std::map<std::string, int> counts;
  for (std::size_t i = 0; i < 50'000; ++i) counts[d.article(i).tags]++;
  std::vector<std::pair<int, std::string>> ranked;
  for (const auto& [tag, n] : counts) ranked.emplace_back(n, tag);
  std::sort(ranked.rbegin(), ranked.rend());

  ASSERT_GE(ranked.size(), 200u) << "a few hundred distinct tags";
  EXPECT_EQ(ranked[0].second, "AWS");
  EXPECT_EQ(ranked[1].second, "GCP");
  EXPECT_EQ(ranked[2].second, "Azure");
  // Long tail: the head is far more frequent than the median tag, and the tags outside the top ten
  // still carry a large share of all articles.
  EXPECT_GT(ranked[0].first, 20 * ranked[ranked.size() / 2].first);
  int tail = 0;
  for (std::size_t k = 10; k < ranked.size(); ++k) tail += ranked[k].first;
  EXPECT_GT(tail, 50'000 / 3);
  EXPECT_EQ(DemoData::tagVocabulary().front(), "AWS");
}

TEST(SeedTest, RejectsMoreUsersThanIdsAndArticlesWithoutUsers) {
  EXPECT_THROW(DemoData({.users = DemoData::kMaxUsers + 1, .articles = 0, .seed = 1}), std::invalid_argument);
  EXPECT_THROW(DemoData({.users = 0, .articles = 1, .seed = 1}), std::invalid_argument);
  EXPECT_NO_THROW(DemoData({.users = 0, .articles = 0, .seed = 1}));
}

TEST(SeedTest, IdsStayUniqueAtTheTopOfTheRange) {
  const DemoData d({.users = DemoData::kMaxUsers, .articles = 0, .seed = 1});
  std::unordered_set<std::string> ids;
  for (std::size_t i = DemoData::kMaxUsers - 20'000; i < DemoData::kMaxUsers; ++i) {
    EXPECT_TRUE(ids.insert(d.user(i).id).second);
    EXPECT_TRUE(isValidGithubProfile(d.user(i).githubProfile)) << d.user(i).githubProfile;
  }
}

}  // namespace
}  // namespace hdoc::core
