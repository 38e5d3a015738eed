// Streak scoring (issue 5): worked examples computed by hand, then properties over random entry sets.
#include "core/scoring.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <set>

#include "core/date.hpp"

namespace hdoc::core {
namespace {

Entry github(int day, std::string date, bool verified = true) {
  return Entry{"alice",          day,
               Platform::github, "https://github.com/alice/100days/" + std::to_string(day),
               std::move(date),  verified};
}

Entry twitter(int day, std::string date, bool verified = true) {
  return Entry{"alice",           day,
               Platform::twitter, "https://twitter.com/alice/status/" + std::to_string(day),
               std::move(date),   verified};
}

TEST(ScoringTest, NoEntriesScoreNothing) {
  EXPECT_EQ(computeScores({}), Scores{});
}

TEST(ScoringTest, SingleGithubEntryScoresTwo) {
  const std::vector<Entry> entries{github(1, "2024-01-01")};
  EXPECT_EQ(computeScores(entries), (Scores{2, 1, 0, 0, 1}));
}

TEST(ScoringTest, ConsecutiveDaysGrowTheStreak) {
  // Streaks 1, 2, 3 on GitHub: 2*(1+2+3) = 12.
  const std::vector<Entry> entries{github(1, "2024-01-01"), github(2, "2024-01-02"), github(3, "2024-01-03")};
  EXPECT_EQ(computeScores(entries), (Scores{12, 3, 0, 0, 3}));
}

TEST(ScoringTest, GapOfExactlyThreeDaysKeepsTheStreak) {
  // 01 -> 04 is 3 days: streak 1 then 2, score 2*(1+2) = 6.
  const std::vector<Entry> entries{github(1, "2024-01-01"), github(2, "2024-01-04")};
  EXPECT_EQ(computeScores(entries), (Scores{6, 2, 0, 0, 2}));
}

TEST(ScoringTest, GapOfFourDaysRestartsTheStreak) {
  // 01 -> 05 is 4 days: streak 1 then 1 again, score 2*(1+1) = 4.
  const std::vector<Entry> entries{github(1, "2024-01-01"), github(2, "2024-01-05")};
  EXPECT_EQ(computeScores(entries), (Scores{4, 1, 0, 0, 2}));
}

TEST(ScoringTest, StreakAfterRestartIsTheOneAtTheLastDate) {
  // Dates 01, 02, 03 (streaks 1,2,3), then 10 (1), 12 (2): 2*(1+2+3+1+2) = 18, final streak 2.
  const std::vector<Entry> entries{github(1, "2024-01-01"), github(2, "2024-01-02"), github(3, "2024-01-03"),
                                   github(4, "2024-01-10"), github(5, "2024-01-12")};
  EXPECT_EQ(computeScores(entries), (Scores{18, 2, 0, 0, 5}));
}

TEST(ScoringTest, SameDateTwiceCountsAsOneActiveDate) {
  // Days 1 and 2 both posted on 2024-01-01: one active date, streak 1, score 2; two challenge days done.
  const std::vector<Entry> entries{github(1, "2024-01-01"), github(2, "2024-01-01")};
  EXPECT_EQ(computeScores(entries), (Scores{2, 1, 0, 0, 2}));
}

TEST(ScoringTest, UnverifiedEntriesAreIgnored) {
  // The rejected entry on 01-05 would otherwise bridge 01-02 and 01-08 (gaps of 3 days).
  const std::vector<Entry> entries{github(1, "2024-01-02"), github(2, "2024-01-05", false),
                                   github(3, "2024-01-08")};
  EXPECT_EQ(computeScores(entries), (Scores{4, 1, 0, 0, 2}));
  const std::vector<Entry> allRejected{twitter(1, "2024-01-01", false)};
  EXPECT_EQ(computeScores(allRejected), Scores{});
}

TEST(ScoringTest, BothPlatformsScoreSeparatelyWithTheirWeights) {
  // GitHub: 01, 02, 03 -> streaks 1,2,3 -> 2*6 = 12. Twitter: 01, 03, 08 -> 1,2,1 -> 1*4 = 4.
  // Challenge days: GitHub days 1,2,3 and Twitter days 1,2,4 -> {1,2,3,4} = 4.
  const std::vector<Entry> entries{github(1, "2024-01-01"), twitter(1, "2024-01-01"),
                                   github(2, "2024-01-02"), twitter(2, "2024-01-03"),
                                   github(3, "2024-01-03"), twitter(4, "2024-01-08")};
  EXPECT_EQ(computeScores(entries), (Scores{12, 3, 4, 1, 4}));
}

TEST(ScoringTest, DayCountedOnOnePlatformOnlyIfTheOtherIsRejected) {
  const std::vector<Entry> entries{github(7, "2024-01-01", false), twitter(7, "2024-01-01")};
  EXPECT_EQ(computeScores(entries), (Scores{0, 0, 1, 1, 1}));
}

TEST(ScoringTest, GapsAcrossMonthAndLeapDayUseRealCalendarDays) {
  // 2024-02-27 -> 2024-03-01 is 3 days in a leap year (streak kept); 2023-02-26 -> 2023-03-02 is 4 days.
  const std::vector<Entry> leap{github(1, "2024-02-27"), github(2, "2024-03-01")};
  EXPECT_EQ(computeScores(leap).githubStreak, 2);
  const std::vector<Entry> common{github(1, "2023-02-26"), github(2, "2023-03-02")};
  EXPECT_EQ(computeScores(common).githubStreak, 1);
}

TEST(ScoringTest, HundredConsecutiveDaysOnBothPlatforms) {
  std::vector<Entry> entries;
  const std::int64_t start = *parseDate("2024-01-01");
  for (int day = 1; day <= 100; ++day) {
    entries.push_back(github(day, formatDate(start + day - 1)));
    entries.push_back(twitter(day, formatDate(start + day - 1)));
  }
  // Sum of 1..100 = 5050.
  EXPECT_EQ(computeScores(entries), (Scores{10100, 100, 5050, 100, 100}));
}

// --- Properties ---------------------------------------------------------------------------------------

// The rule written out a second, naive way: sort, dedupe, walk.
Scores referenceScores(const std::vector<Entry>& entries) {
  Scores s;
  for (Platform p : {Platform::github, Platform::twitter}) {
    std::vector<std::int64_t> days;
    for (const Entry& e : entries) {
      if (e.verified && e.platform == p) days.push_back(*parseDate(e.date));
    }
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    std::int64_t score = 0, streak = 0;
    for (std::size_t i = 0; i < days.size(); ++i) {
      streak = (i > 0 && days[i] - days[i - 1] <= 3) ? streak + 1 : 1;
      score += (p == Platform::github ? 2 : 1) * streak;
    }
    (p == Platform::github ? s.githubScore : s.twitterScore) = score;
    (p == Platform::github ? s.githubStreak : s.twitterStreak) = streak;
  }
  std::vector<int> challengeDays;
  for (const Entry& e : entries) {
    if (e.verified) challengeDays.push_back(e.day);
  }
  std::sort(challengeDays.begin(), challengeDays.end());
  s.daysCompleted = std::unique(challengeDays.begin(), challengeDays.end()) - challengeDays.begin();
  return s;
}

// A random journey: up to 100 days on each platform, dates drifting forward with gaps of 0..6 days
// (so both kept and broken streaks occur), some entries rejected.
std::vector<Entry> randomEntries(std::mt19937_64& rng) {
  std::vector<Entry> entries;
  std::uniform_int_distribution<int> count(0, 40), gap(0, 6), coin(0, 9);
  const std::int64_t start = *parseDate("2024-01-01");
  for (Platform p : {Platform::github, Platform::twitter}) {
    std::int64_t date = start;
    const int n = count(rng);
    std::vector<int> days(100);
    std::iota(days.begin(), days.end(), 1);
    std::shuffle(days.begin(), days.end(), rng);
    for (int i = 0; i < n; ++i) {
      date += gap(rng);
      entries.push_back(Entry{"bob", days[i], p, "https://example.com/" + std::to_string(i), formatDate(date),
                              coin(rng) != 0});
    }
  }
  return entries;
}

TEST(ScoringPropertyTest, ArrivalOrderNeverChangesTheScores) {
  for (std::uint64_t seed : {1u, 42u, 2024u}) {
    std::mt19937_64 rng(seed);
    for (int iteration = 0; iteration < 300; ++iteration) {
      std::vector<Entry> entries = randomEntries(rng);
      const Scores expected = computeScores(entries);
      for (int shuffle = 0; shuffle < 10; ++shuffle) {
        std::shuffle(entries.begin(), entries.end(), rng);
        ASSERT_EQ(computeScores(entries), expected) << "seed " << seed << " iteration " << iteration;
      }
    }
  }
}

TEST(ScoringPropertyTest, AgreesWithANaiveReferenceOfTheRule) {
  std::mt19937_64 rng(7);
  for (int iteration = 0; iteration < 2000; ++iteration) {
    std::vector<Entry> entries = randomEntries(rng);
    std::shuffle(entries.begin(), entries.end(), rng);
    ASSERT_EQ(computeScores(entries), referenceScores(entries)) << "iteration " << iteration;
  }
}

TEST(ScoringPropertyTest, RejectedEntriesAndRepeatsChangeNothing) {
  std::mt19937_64 rng(99);
  for (int iteration = 0; iteration < 500; ++iteration) {
    std::vector<Entry> entries = randomEntries(rng);
    const Scores expected = computeScores(entries);
    std::vector<Entry> more = entries;
    more.insert(more.end(), entries.begin(), entries.end());  // every entry twice
    more.push_back(github(50, "2023-06-01", false));          // a rejected entry far away
    std::shuffle(more.begin(), more.end(), rng);
    ASSERT_EQ(computeScores(more), expected) << "iteration " << iteration;
  }
}

TEST(ScoringPropertyTest, ScoresAreBoundedByTheRule) {
  std::mt19937_64 rng(5);
  for (int iteration = 0; iteration < 500; ++iteration) {
    const std::vector<Entry> entries = randomEntries(rng);
    const Scores s = computeScores(entries);
    std::set<std::string> githubDates, twitterDates;
    for (const Entry& e : entries) {
      if (e.verified) (e.platform == Platform::github ? githubDates : twitterDates).insert(e.date);
    }
    const auto g = static_cast<std::int64_t>(githubDates.size());
    const auto t = static_cast<std::int64_t>(twitterDates.size());
    // Each active date adds between weight*1 and weight*(its index+1).
    ASSERT_GE(s.githubScore, 2 * g);
    ASSERT_LE(s.githubScore, g * (g + 1));
    ASSERT_GE(s.twitterScore, t);
    ASSERT_LE(s.twitterScore, t * (t + 1) / 2);
    ASSERT_LE(s.githubStreak, g);
    ASSERT_LE(s.twitterStreak, t);
    ASSERT_EQ(s.githubStreak == 0, g == 0);
    ASSERT_LE(s.daysCompleted, 100);
  }
}

// --- Validation ----------------------------------------------------------------------------------------

std::vector<std::string> fieldsOf(const std::vector<FieldError>& errors) {
  std::vector<std::string> fields;
  for (const auto& e : errors) fields.push_back(e.field);
  return fields;
}

TEST(EntryValidationTest, AcceptsAWellFormedEntry) {
  EXPECT_TRUE(validateEntry(github(1, "2024-01-01")).empty());
  EXPECT_TRUE(validateEntry(twitter(100, "2024-02-29")).empty());
}

TEST(EntryValidationTest, DayMustBeFromOneToHundred) {
  for (int day : {0, -1, 101, 1000}) {
    EXPECT_EQ(fieldsOf(validateEntry(github(day, "2024-01-01"))), std::vector<std::string>{"day"}) << day;
  }
}

TEST(EntryValidationTest, UrlMustBeHttps) {
  const std::vector<std::string> urls{"http://github.com/alice",
                                      "ftp://x.org/a",
                                      "https://",
                                      "https:///path",
                                      "github.com/a",
                                      "https://exa mple.com",
                                      "javascript:alert(1)",
                                      "",
                                      "https://a.b/" + std::string(2100, 'x')};
  for (const std::string& url : urls) {
    Entry e = github(1, "2024-01-01");
    e.url = url;
    EXPECT_EQ(fieldsOf(validateEntry(e)), std::vector<std::string>{"url"}) << url;
  }
}

TEST(EntryValidationTest, DateMustBeARealDate) {
  for (const char* date :
       {"2024-02-30", "2023-02-29", "2024-1-01", "01/01/2024", "2024-01-01T00:00:00Z", ""}) {
    EXPECT_EQ(fieldsOf(validateEntry(github(1, date))), std::vector<std::string>{"date"}) << date;
  }
}

TEST(EntryValidationTest, ReportsEveryBadField) {
  const Entry e{"alice", 0, Platform::github, "http://x", "yesterday", true};
  EXPECT_EQ(fieldsOf(validateEntry(e)), (std::vector<std::string>{"day", "url", "date"}));
}

TEST(EntryValidationTest, PlatformNamesRoundTrip) {
  EXPECT_EQ(parsePlatform("github"), Platform::github);
  EXPECT_EQ(parsePlatform("twitter"), Platform::twitter);
  EXPECT_EQ(platformName(Platform::github), "github");
  EXPECT_EQ(platformName(Platform::twitter), "twitter");
  for (std::string_view bad : {"GitHub", "x", "", "linkedin", "github "}) {
    EXPECT_FALSE(parsePlatform(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace hdoc::core
