// The write API's field reader on its own, and the write routes' use of it for text: prose (bio, title,
// subtitle) may hold TAB, LF and CR, every other field is one line, and no field holds another control
// character, the same rule as imports (core::isAcceptableText).
#include "http/json_body.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/records.hpp"
#include "http/api.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/temp_dir.hpp"
#include "support/user_pool.hpp"

namespace hdoc::http {
namespace {

namespace json = boost::json;

std::vector<std::string> failedFields(FieldReader& r) {
  std::vector<std::string> out;
  for (const auto& e : r.finish()) out.push_back(e.name);
  return out;
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

TEST(FieldReader, ProseKeepsLineBreaksAndTabsSingleLineTextRefusesThem) {
  const std::string text = "one\ntwo\r\n\tthree\r";
  const json::object body{{"bio", text}, {"name", text}};
  FieldReader r(body);
  EXPECT_EQ(r.string("bio", {.maxBytes = 100, .prose = true}), text);
  EXPECT_FALSE(r.string("name", {.maxBytes = 100}));
  EXPECT_EQ(failedFields(r), std::vector<std::string>{"name"});
}

TEST(FieldReader, NoTextHoldsOtherControlCharacters) {
  for (const auto& c : controlsNoTextMayHold()) {
    SCOPED_TRACE(static_cast<int>(c[0]));
    const json::object body{
        {"bio", "a" + c}, {"name", "a" + c}, {"avatarImage", "https://example.com/a" + c + ".png"}};
    FieldReader r(body);
    EXPECT_FALSE(r.string("bio", {.maxBytes = 100, .prose = true}));
    EXPECT_FALSE(r.string("name", {.maxBytes = 100}));
    EXPECT_FALSE(r.url("avatarImage", {}));
    EXPECT_EQ(failedFields(r), (std::vector<std::string>{"bio", "name", "avatarImage"}));
  }
}

TEST(FieldReader, NamedRulesMeanWhatTheySay) {
  const json::object body{
      {"empty", ""}, {"long", "12345"}, {"http", "http://example.com/"}, {"day", 101}, {"flag", "yes"}};
  FieldReader r(body);
  EXPECT_EQ(r.string("empty", {.maxBytes = 10}), "");
  EXPECT_FALSE(r.string("empty", {.maxBytes = 10, .nonEmpty = true}));
  EXPECT_EQ(r.string("long", {.maxBytes = 5}), "12345");
  EXPECT_FALSE(r.string("long", {.maxBytes = 4}));
  EXPECT_FALSE(r.string("absent", {.maxBytes = 10}));
  EXPECT_FALSE(r.string("required", {.maxBytes = 10, .required = true}));
  EXPECT_EQ(r.url("empty", {.allowEmpty = true}), "");
  EXPECT_EQ(r.url("http", {}), "http://example.com/");
  EXPECT_FALSE(r.url("http", {.httpsOnly = true}));
  EXPECT_FALSE(r.integer("day", {.min = 1, .max = 100}));
  EXPECT_FALSE(r.integer("missingDay", {.min = 1, .max = 100, .required = true}));
  EXPECT_FALSE(r.boolean("flag", {}));
  EXPECT_FALSE(r.boolean("missingFlag", {.required = true}));
  EXPECT_EQ(failedFields(r), (std::vector<std::string>{"empty", "long", "required", "http", "day",
                                                       "missingDay", "flag", "missingFlag"}));
}

// Through the write routes: which fields are prose is decided at their call sites in writes.cpp.
class WriteRoutesText : public ::testing::Test {
 protected:
  Response call(const std::string& method, const std::string& target, const json::object& body) {
    Request req;
    req.method = method;
    req.target = target;
    req.headers = {{"Authorization", "Bearer " + token_}, {"Content-Type", "application/json"}};
    req.body = json::serialize(body);
    return api_.handle(req);
  }
  static std::string rejectedField(const Response& res) {
    if (res.status != 400) return "status " + std::to_string(res.status);
    const auto problem = json::parse(res.body).as_object();
    return std::string(problem.at("invalid-params").as_array().at(0).as_object().at("name").as_string());
  }

  testing::TempDir dir_;
  testing::UserPool pool_;
  store::SqliteStore store_{dir_.file("text.db")};
  Api api_{store_, ApiConfig{.verifier = pool_.verifier()}};
  std::string token_ = pool_.idToken(testing::UserPool::identity("sub-prose", "prose"));
};

TEST_F(WriteRoutesText, BioTitleAndSubtitleMayBreakLines) {
  const std::string bio = "Cloud learner.\nDay 1: VPCs\r\n\tDay 2: IAM";
  auto res = call("POST", "/api/users", {{"githubProfile", "prose"}, {"name", "Prose"}, {"bio", bio}});
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_EQ(store_.findUser("prose")->bio, bio);
  res = call("PATCH", "/api/users/prose", {{"bio", bio + "\nDay 3"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(store_.findUser("prose")->bio, bio + "\nDay 3");
  const std::string subtitle = "Part one.\r\n\r\n\tPart two.";
  res = call("POST", "/api/articles", {{"title", "A\ntitle"}, {"subtitle", subtitle}, {"tags", "AWS"}});
  ASSERT_EQ(res.status, 201) << res.body;
  const auto id = json::parse(res.body).as_object().at("id").as_int64();
  EXPECT_EQ(store_.findArticle(id)->subtitle, subtitle);
  EXPECT_EQ(store_.findArticle(id)->title, "A\ntitle");
  res = call("PATCH", "/api/articles/" + std::to_string(id), {{"subtitle", "x\ty"}});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(store_.findArticle(id)->subtitle, "x\ty");
}

TEST_F(WriteRoutesText, OneLineFieldsAndOtherControlsAreRefusedAndNothingIsWritten) {
  for (const char* c : {"\n", "\t", "\r"}) {
    SCOPED_TRACE(static_cast<int>(c[0]));
    const std::string bad = std::string("x") + c;
    EXPECT_EQ(rejectedField(call("POST", "/api/users", {{"githubProfile", "prose"}, {"name", bad}})), "name");
    EXPECT_EQ(rejectedField(call("POST", "/api/users",
                                 {{"githubProfile", "prose"}, {"name", "P"}, {"twitterProfile", bad}})),
              "twitterProfile");
    EXPECT_EQ(rejectedField(call("POST", "/api/users",
                                 {{"githubProfile", "prose"}, {"name", "P"}, {"linkedinProfile", bad}})),
              "linkedinProfile");
  }
  for (const auto& c : controlsNoTextMayHold()) {
    SCOPED_TRACE(static_cast<int>(c[0]));
    EXPECT_EQ(
        rejectedField(call("POST", "/api/users", {{"githubProfile", "prose"}, {"name", "P"}, {"bio", c}})),
        "bio");
  }
  EXPECT_FALSE(store_.findUser("prose"));
  ASSERT_EQ(call("POST", "/api/users", {{"githubProfile", "prose"}, {"name", "P"}}).status, 201);
  for (const char* field : {"title", "subtitle", "tags"}) {
    json::object body{{"title", "T"}, {"tags", "AWS"}};
    body[field] = std::string("x\x1b");
    EXPECT_EQ(rejectedField(call("POST", "/api/articles", body)), field);
  }
  json::object tabbedTag{{"title", "T"}, {"tags", "AWS\t"}};
  EXPECT_EQ(rejectedField(call("POST", "/api/articles", tabbedTag)), "tags");
  EXPECT_TRUE(store_.listArticles(std::nullopt, std::nullopt).empty());
}

}  // namespace
}  // namespace hdoc::http
