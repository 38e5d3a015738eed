#include "core/json_writer.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace hdoc::core {
namespace {

User sample() {
  User u;
  u.id = "xprcY";
  u.name = "Forbes \"F\" Durham\\\n";
  u.daysCompleted = 48;
  u.githubProfile = "fdurham0";
  u.githubScore = 178;
  u.githubStreak = 15;
  u.twitterProfile = "fdurham0";
  u.twitterScore = 73;
  u.twitterStreak = 12;
  u.linkedinProfile = "fdurham0";
  u.status = true;
  u.avatarImage = "https://robohash.org/x.png?size=300x300&set=set1";
  u.dateJoined = "2020-08-08T21:01:23Z";
  return u;
}

TEST(JsonWriter, UserHasTheFrontendFieldOrderAndTypes) {
  const std::string json = toJson(sample());
  EXPECT_EQ(json.substr(0, 40), R"({"id":"xprcY","name":"Forbes \"F\" Durha)");
  const auto v = boost::json::parse(json).as_object();
  const char* order[] = {
      "id",           "name",           "daysCompleted", "githubProfile", "githubScore",
      "githubStreak", "twitterProfile", "twitterScore",  "twitterStreak", "linkedinProfile",
      "status",       "avatarImage",    "dateJoined"};
  ASSERT_EQ(v.size(), std::size(order));
  std::size_t i = 0;
  for (const auto& kv : v) EXPECT_EQ(kv.key(), order[i++]);
  EXPECT_EQ(v.at("name").as_string(), "Forbes \"F\" Durham\\\n");
  EXPECT_TRUE(v.at("status").is_bool());
  EXPECT_EQ(v.at("githubScore").as_int64(), 178);
}

TEST(JsonWriter, BioOnlyWhenPresent) {
  User u = sample();
  EXPECT_EQ(toJson(u).find("bio"), std::string::npos);
  u.bio = "hello";
  EXPECT_NE(toJson(u).find(R"("bio":"hello")"), std::string::npos);
}

TEST(JsonWriter, EscapesControlCharactersAndKeepsUtf8) {
  std::string out;
  appendJsonString(out, std::string("a\x01\tb\xC3\xA4", 6));
  EXPECT_EQ(out, "\"a\\u0001\\tb\xC3\xA4\"");
}

TEST(JsonWriter, ArticlesAndTagCounts) {
  const Article a{10, "t", "s", "http://i", "AWS", "udowty9"};
  EXPECT_EQ(toJson(a),
            R"({"id":10,"title":"t","subtitle":"s","image":"http://i","tags":"AWS","author":"udowty9"})");
  const std::vector<TagCount> tags{{"GCP", 13}, {"AWS", 11}};
  EXPECT_EQ(toJsonArray(std::span<const TagCount>(tags)),
            R"([{"tag":"GCP","count":13},{"tag":"AWS","count":11}])");
  EXPECT_EQ(toJsonArray(std::span<const TagCount>()), "[]");
}

}  // namespace
}  // namespace hdoc::core
