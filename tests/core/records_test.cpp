#include "core/records.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace hdoc::core {
namespace {

boost::json::value camel() {
  return boost::json::parse(
      R"({"id":"xprcY","name":"Forbes Durham","daysCompleted":48,"githubProfile":"fdurham0",
    "githubScore":178,"githubStreak":15,"twitterProfile":"fdurham0","twitterScore":73,"twitterStreak":12,
    "linkedinProfile":"fdurham0","status":true,
    "avatarImage":"https://robohash.org/rerumremtemporibus.png?size=300x300&set=set1",
    "dateJoined":"2020-08-08T21:01:23Z"})");
}

std::vector<std::string> fields(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}

TEST(UserFromJson, AcceptsTheFrontendShape) {
  auto v = userFromJson(camel());
  ASSERT_TRUE(v.ok()) << v.errors[0].field << ": " << v.errors[0].problem;
  EXPECT_EQ(v.value.githubProfile, "fdurham0");
  EXPECT_EQ(v.value.twitterScore, 73);
  EXPECT_FALSE(v.value.bio);
}

TEST(UserFromJson, NamesEveryBadField) {
  auto j = camel();
  auto& o = j.as_object();
  o["daysCompleted"] = 101;
  o["githubScore"] = "178";
  o["status"] = "yes";
  o["dateJoined"] = "yesterday";
  o["avatarImage"] = "javascript:alert(1)";
  o["extra"] = 1;
  o.erase("name");
  auto v = userFromJson(j);
  EXPECT_EQ(fields(v.errors),
            (std::vector<std::string>{"name", "daysCompleted", "githubScore", "status", "extra"}));
  // Rules that need a complete record run once the shape is right.
  o["daysCompleted"] = 1, o["githubScore"] = 1, o["status"] = true, o["name"] = "x";
  o.erase("extra");
  EXPECT_EQ(fields(userFromJson(j).errors), (std::vector<std::string>{"avatarImage", "dateJoined"}));
}

TEST(UserFromJson, RejectsBadProfilesAndNonObjects) {
  for (const char* bad : {"", "has space", "a/b", ".", "..", "a%20", "a?b", "\xC3\xA4",
                          "0123456789012345678901234567890123456789"}) {
    auto j = camel();
    j.as_object()["githubProfile"] = bad;
    EXPECT_FALSE(userFromJson(j).ok()) << bad;
  }
  EXPECT_FALSE(userFromJson(boost::json::parse("[1]")).ok());
  EXPECT_FALSE(userFromJson(boost::json::parse("-1")).ok());
}

TEST(UserFromJson, MapsTheSnakeCaseExportFieldByField) {
  auto v = userFromJson(boost::json::parse(R"({"full_name":"Keyon Hessel","bio":"Neque.","days_completed":5,
    "github_score":139,"github_streak":93,"github_username":"KeyonHessel","last_entry_at":"2020-07-30T05:09:27.002Z",
    "linkedin_profile":"https://www.linkedin.com/in/keyonhessel/","status":"inactive","twitter_score":58,
    "twitter_streak":2,"twitter_username":"KeyonHessel682",
    "avatar_image":"https://s3.amazonaws.com/uifaces/faces/twitter/michaelbrooksjr/128.jpg"})"));
  ASSERT_TRUE(v.ok()) << v.errors[0].field << ": " << v.errors[0].problem;
  const User& u = v.value;
  EXPECT_EQ(u.name, "Keyon Hessel");
  EXPECT_EQ(u.bio, "Neque.");
  EXPECT_EQ(u.githubProfile, "KeyonHessel");
  EXPECT_EQ(u.twitterProfile, "KeyonHessel682");
  EXPECT_EQ(u.githubStreak, 93);
  EXPECT_FALSE(u.status);
  EXPECT_EQ(u.dateJoined, "2020-07-30T05:09:27.002Z");
  EXPECT_EQ(u.id, derivedUserId("keyonhessel"));  // stable, and the same for any case
  EXPECT_EQ(u.id.size(), 5u);
}

TEST(ArticleFromJson, ValidatesFields) {
  auto ok = articleFromJson(boost::json::parse(
      R"({"id":10,"title":"t","subtitle":"s","image":"http://dummyimage.com/1.png","tags":"AWS","author":"a"})"));
  EXPECT_TRUE(ok.ok());
  auto bad = articleFromJson(boost::json::parse(
      R"({"id":0,"title":1,"subtitle":"s","image":"ftp://x","tags":"","author":"a","x":null})"));
  EXPECT_EQ(fields(bad.errors), (std::vector<std::string>{"id", "title", "tags", "x"}));
  auto huge = articleFromJson(boost::json::parse(
      R"({"id":18446744073709551615,"title":"t","subtitle":"s","image":"","tags":"x","author":"a"})"));
  EXPECT_EQ(fields(huge.errors), (std::vector<std::string>{"id"}));
}

// Every C0 control but TAB, LF and CR, and DEL.
std::vector<std::string> controlsNoTextMayHold() {
  std::vector<std::string> out;
  for (int c = 0; c < 0x20; ++c) {
    if (c != '\t' && c != '\n' && c != '\r') out.push_back(std::string(1, static_cast<char>(c)));
  }
  out.push_back("\x7f");
  return out;
}

TEST(TextRules, ProseMayBreakLinesAndSingleLineTextMayNot) {
  for (const char* s :
       {"", "plain", "tab\there", "two\nlines", "dos\r\nline", "cr\ronly", "\xC3\xA4 \xE2\x82\xAC"}) {
    EXPECT_TRUE(isAcceptableText(s, TextKind::Prose)) << s;
  }
  for (const char* s : {"tab\there", "two\nlines", "cr\ronly"}) {
    EXPECT_FALSE(isAcceptableText(s, TextKind::SingleLine)) << s;
  }
  EXPECT_TRUE(isAcceptableText("one line, with \xC3\xA4", TextKind::SingleLine));
  for (const auto& c : controlsNoTextMayHold()) {
    for (auto kind : {TextKind::Prose, TextKind::SingleLine}) {
      EXPECT_FALSE(isAcceptableText("a" + c + "b", kind)) << static_cast<int>(c[0]);
    }
  }
}

TEST(UserFromJson, ABioMayHoldLineBreaksAndTabs) {
  const std::string bio = "Line one\nLine two\r\n\tindented\rend";
  auto j = camel();
  j.as_object()["bio"] = bio;
  auto v = userFromJson(j);
  ASSERT_TRUE(v.ok()) << v.errors[0].field << ": " << v.errors[0].problem;
  EXPECT_EQ(v.value.bio, bio);
  // The snake_case export's bio is the same field.
  auto snake = userFromJson(boost::json::parse(R"({"full_name":"K","bio":"a\n\tb","days_completed":5,
    "github_score":1,"github_streak":1,"github_username":"K","last_entry_at":"2020-07-30T05:09:27Z",
    "linkedin_profile":"","status":"active","twitter_score":1,"twitter_streak":1,"twitter_username":"",
    "avatar_image":""})"));
  ASSERT_TRUE(snake.ok()) << snake.errors[0].field << ": " << snake.errors[0].problem;
  EXPECT_EQ(snake.value.bio, "a\n\tb");
}

TEST(UserFromJson, OtherControlsInABioAndAnyInOneLineFieldsAreRefused) {
  for (const auto& c : controlsNoTextMayHold()) {
    auto j = camel();
    j.as_object()["bio"] = "before" + c + "after";
    EXPECT_EQ(fields(userFromJson(j).errors), std::vector<std::string>{"bio"}) << static_cast<int>(c[0]);
  }
  for (const char* field :
       {"name", "githubProfile", "twitterProfile", "linkedinProfile", "avatarImage", "id"}) {
    for (const std::string c : {"\t", "\n", "\r", "\x01", "\x7f"}) {
      auto j = camel();
      auto& o = j.as_object();
      o[field] = std::string(o[field].as_string()) + c;
      const auto v = userFromJson(j);
      EXPECT_EQ(fields(v.errors), std::vector<std::string>{field}) << field << " " << static_cast<int>(c[0]);
    }
  }
}

TEST(ArticleFromJson, TitleAndSubtitleMayHoldLineBreaksTagsAndUrlsMayNot) {
  const std::string subtitle = "First paragraph.\n\n\tSecond, indented.\r\n";
  auto record =
      boost::json::parse(
          R"({"id":10,"title":"t","subtitle":"s","image":"http://dummyimage.com/1.png","tags":"AWS","author":"a"})")
          .as_object();
  record["subtitle"] = subtitle;
  record["title"] = "A title\non two lines";
  auto ok = articleFromJson(record);
  ASSERT_TRUE(ok.ok()) << ok.errors[0].field << ": " << ok.errors[0].problem;
  EXPECT_EQ(ok.value.subtitle, subtitle);
  EXPECT_EQ(ok.value.title, "A title\non two lines");
  for (const auto& c : controlsNoTextMayHold()) {
    for (const char* field : {"title", "subtitle"}) {
      auto bad = record;
      bad[field] = "x" + c;
      EXPECT_EQ(fields(articleFromJson(bad).errors), std::vector<std::string>{field})
          << static_cast<int>(c[0]);
    }
  }
  for (const char* field : {"tags", "author", "image"}) {
    for (const std::string c : {"\t", "\n", "\r", "\x1b", "\x7f"}) {
      auto bad = record;
      bad[field] = std::string(bad[field].as_string()) + c;
      EXPECT_EQ(fields(articleFromJson(bad).errors), std::vector<std::string>{field})
          << field << " " << static_cast<int>(c[0]);
    }
  }
}

}  // namespace
}  // namespace hdoc::core
