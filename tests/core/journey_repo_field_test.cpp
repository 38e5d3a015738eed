// githubJourneyRepo on the user record: written to the JSON only when set (so the frontend's records
// stay byte for byte what they were), read and checked by the import rules.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/json_writer.hpp"
#include "core/records.hpp"

namespace hdoc::core {
namespace {

namespace json = boost::json;

json::object record() {
  return json::parse(R"({"id":"abcde","name":"Alice","daysCompleted":0,"githubProfile":"alice-cloud",
    "githubScore":0,"githubStreak":0,"twitterProfile":"","twitterScore":0,"twitterStreak":0,"linkedinProfile":"",
    "status":true,"avatarImage":"","dateJoined":"2024-03-01T00:00:00Z"})")
      .as_object();
}

TEST(JourneyRepoField, WrittenLastAndOnlyWhenSet) {
  const auto read = userFromJson(record());
  ASSERT_TRUE(read.ok());
  User u = read.value;
  const std::string without = toJson(u);
  EXPECT_EQ(without.find("githubJourneyRepo"), std::string::npos);
  EXPECT_EQ(json::parse(without), json::value(record()));
  u.githubJourneyRepo = "alice-cloud/100DaysOfCloud";
  const std::string with = toJson(u);
  EXPECT_EQ(with,
            without.substr(0, without.size() - 1) + ",\"githubJourneyRepo\":\"alice-cloud/100DaysOfCloud\"}");
}

TEST(JourneyRepoField, ImportReadsItAndExportReimportsIt) {
  auto r = record();
  r["githubJourneyRepo"] = "Alice-Cloud/100DaysOfCloud";
  const auto read = userFromJson(r);
  ASSERT_TRUE(read.ok()) << read.errors.front().field << " " << read.errors.front().problem;
  EXPECT_EQ(read.value.githubJourneyRepo, "Alice-Cloud/100DaysOfCloud");
  const auto again = userFromJson(json::parse(toJson(read.value)));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value, read.value);
}

TEST(JourneyRepoField, ImportRefusesSomeoneElsesOrAMalformedRepository) {
  for (const char* bad : {"bob/100DaysOfCloud", "alice-cloud", "alice-cloud/..", ""}) {
    auto r = record();
    r["githubJourneyRepo"] = bad;
    const auto read = userFromJson(r);
    ASSERT_FALSE(read.ok()) << bad;
    EXPECT_EQ(read.errors.front().field, "githubJourneyRepo") << bad;
  }
  auto r = record();
  r["githubJourneyRepo"] = 7;
  EXPECT_FALSE(userFromJson(r).ok());
  User u = userFromJson(record()).value;
  u.githubJourneyRepo = "bob/x";
  ASSERT_EQ(validateUser(u).size(), 1u);
  EXPECT_EQ(validateUser(u)[0].field, "githubJourneyRepo");
}

}  // namespace
}  // namespace hdoc::core
