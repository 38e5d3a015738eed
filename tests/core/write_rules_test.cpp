#include "core/write_rules.hpp"

#include <gtest/gtest.h>

namespace hdoc::core {
namespace {

Principal caller(std::string sub, bool admin = false) {
  Principal p;
  p.sub = std::move(sub);
  if (admin) p.groups = {"admin"};
  return p;
}

User ownedBy(std::string owner) {
  User u;
  u.githubProfile = "fdurham0";
  u.owner = std::move(owner);
  return u;
}

TEST(ProfileWriteRefusal, OwnersChangeAndLogAdminsOnlyChange) {
  const User mine = ownedBy("sub-1");
  EXPECT_EQ(profileWriteRefusal(mine, caller("sub-1"), ProfileWrite::Change), std::nullopt);
  EXPECT_EQ(profileWriteRefusal(mine, caller("sub-1"), ProfileWrite::LogDays), std::nullopt);
  EXPECT_TRUE(profileWriteRefusal(mine, caller("sub-2"), ProfileWrite::Change));
  EXPECT_TRUE(profileWriteRefusal(mine, caller("sub-2"), ProfileWrite::LogDays));
  EXPECT_EQ(profileWriteRefusal(mine, caller("sub-2", true), ProfileWrite::Change), std::nullopt);
  EXPECT_TRUE(
      profileWriteRefusal(mine, caller("sub-2", true), ProfileWrite::LogDays));  // admins reject instead
}

TEST(ProfileWriteRefusal, AnImportedProfileIsNobodysButAnAdmins) {
  const User imported = ownedBy("");
  EXPECT_TRUE(profileWriteRefusal(imported, caller(""), ProfileWrite::Change));  // an empty sub owns nothing
  EXPECT_TRUE(profileWriteRefusal(imported, caller("sub-1"), ProfileWrite::LogDays));
  EXPECT_EQ(profileWriteRefusal(imported, caller("x", true), ProfileWrite::Change), std::nullopt);
}

TEST(ArticleWriteRefusal, TheAuthorIgnoringAsciiCaseOrAnAdmin) {
  Article a;
  a.author = "FDurham0";
  const User me = ownedBy("sub-1");
  EXPECT_EQ(articleWriteRefusal(a, &me, caller("sub-1")), std::nullopt);
  User other = me;
  other.githubProfile = "someoneelse";
  EXPECT_TRUE(articleWriteRefusal(a, &other, caller("sub-2")));
  EXPECT_TRUE(articleWriteRefusal(a, nullptr, caller("sub-3")));
  EXPECT_EQ(articleWriteRefusal(a, nullptr, caller("sub-3", true)), std::nullopt);
  EXPECT_TRUE(articleCreationRefusal(nullptr));
  EXPECT_EQ(articleCreationRefusal(&me), std::nullopt);
}

TEST(EntryVerificationRefusal, AdminsOnly) {
  EXPECT_TRUE(entryVerificationRefusal(caller("sub-1")));
  EXPECT_EQ(entryVerificationRefusal(caller("sub-1", true)), std::nullopt);
}

TEST(EntryDateProblem, RealDatesUpToTomorrow) {
  const std::int64_t today = 19'000;  // 2022-01-08
  EXPECT_EQ(entryDateProblem("2022-01-08", today), std::nullopt);
  EXPECT_EQ(entryDateProblem("2022-01-09", today), std::nullopt);  // a day of slack east of UTC
  EXPECT_EQ(entryDateProblem("2022-01-10", today), "must not be in the future");
  EXPECT_EQ(entryDateProblem("2020-02-30", today), "must be a real date written YYYY-MM-DD");
  EXPECT_EQ(entryDateProblem("2022-1-08", today), "must be a real date written YYYY-MM-DD");
  EXPECT_EQ(entryDateProblem("", today), "must be a real date written YYYY-MM-DD");
}

TEST(ParsePathInteger, DigitsOnlyWithinBounds) {
  EXPECT_EQ(parsePathInteger("1", 100), 1);
  EXPECT_EQ(parsePathInteger("100", 100), 100);
  EXPECT_EQ(parsePathInteger("101", 100), std::nullopt);
  for (const char* bad : {"", "0", "01", "-1", "+1", "1.0", "1e2", " 1", "99999999999999999"}) {
    EXPECT_EQ(parsePathInteger(bad, 9'007'199'254'740'991), std::nullopt) << bad;
  }
}

TEST(ComputedUserFields, NameWhatHdocAssigns) {
  const std::vector<std::string_view> fields(std::begin(kComputedUserFields), std::end(kComputedUserFields));
  for (const char* f : {"id", "githubScore", "twitterScore", "daysCompleted", "dateJoined", "status"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), f), fields.end()) << f;
  }
  EXPECT_EQ(std::find(fields.begin(), fields.end(), "bio"), fields.end());
}

}  // namespace
}  // namespace hdoc::core
