// The write API through Api::handle on a real SQLite file, with Cognito-shaped tokens signed by a
// generated key: the journey of the issue's "Done when", every validation error (nothing written),
// the ownership rules, 404s and 405s, and the rate limit.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>

#include "core/date.hpp"
#include "core/ordering.hpp"
#include "http/api.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/api_calls.hpp"
#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"
#include "support/user_pool.hpp"

namespace hdoc::http {
namespace {

namespace json = boost::json;
using testing::expectProblem;
using testing::UserPool;

// "Today" for the API under test: 2024-03-10 12:00:00 UTC.
constexpr std::int64_t kToday = 19792;  // days since the epoch of 2024-03-10
constexpr std::int64_t kNow = kToday * 86400 + 12 * 3600;

class WriteApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<store::SqliteStore>(dir_.file("writes.db"));
    makeApi({});
    alice_ = pool_.idToken(UserPool::identity("sub-alice", "alice"));
    bob_ = pool_.accessToken(UserPool::identity("sub-bob", "bob"));
    admin_ = pool_.idToken(UserPool::identity("sub-admin", "root", true));
  }

  void makeApi(ApiConfig config) {
    config.verifier = pool_.verifier();
    config.clock = [] { return kNow; };
    api_ = std::make_unique<Api>(*store_, std::move(config));
  }

  Response call(const std::string& method, const std::string& target, const std::string& token = "",
                const std::string& body = "", const std::string& contentType = "application/json") {
    std::vector<Header> headers;
    if (!token.empty()) headers.push_back({"Authorization", "Bearer " + token});
    if (!contentType.empty()) headers.push_back({"Content-Type", contentType});
    return api_->handle(testing::apiRequest(method, target, std::move(headers), body));
  }
  json::value bodyOf(const Response& res) { return json::parse(res.body); }

  // Creates alice's profile ("alice-cloud").
  void aliceSignsUp() {
    const auto res = call(
        "POST", "/api/users", alice_,
        R"({"githubProfile":"alice-cloud","name":"Alice","twitterProfile":"alice_tw",)"
        R"("linkedinProfile":"alice-in","bio":"Learning cloud","avatarImage":"https://example.com/a.png"})");
    ASSERT_EQ(res.status, 201) << res.body;
  }
  void bobSignsUp() {
    ASSERT_EQ(call("POST", "/users", bob_, R"({"githubProfile":"bob","name":"Bob"})").status, 201);
  }
  Response logDay(const std::string& token, const std::string& profile, int day, const std::string& platform,
                  const std::string& date) {
    return call("POST", "/api/users/" + profile + "/entries", token,
                R"({"day":)" + std::to_string(day) + R"(,"platform":")" + platform +
                    R"(","url":"https://example.com/)" + platform + "/" + std::to_string(day) +
                    R"(","date":")" + date + R"("})");
  }
  json::object user(const std::string& profile) {
    auto res = call("GET", "/api/users/" + profile);
    EXPECT_EQ(res.status, 200) << res.body;
    return res.status == 200 ? bodyOf(res).as_object() : json::object{};
  }
  // The 1-based leaderboard rank of `profile`, 0 when absent.
  std::size_t rank(const std::string& profile) {
    const auto board = bodyOf(call("GET", "/api/leaderboard?limit=10000")).as_array();
    for (std::size_t i = 0; i < board.size(); ++i) {
      if (board[i].at("githubProfile").as_string() == profile) return i + 1;
    }
    return 0;
  }
  std::size_t userCount() { return bodyOf(call("GET", "/api/users")).as_array().size(); }

  testing::TempDir dir_;
  UserPool pool_;
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<Api> api_;
  std::string alice_, bob_, admin_;
};

TEST_F(WriteApiTest, AJourneyerSignsUpLogsDaysAndClimbsTheLeaderboard) {
  HDOC_REQUIRE_FIXTURES();
  testing::importFixtures(*store_);
  const std::size_t imported = userCount();

  auto res = call(
      "POST", "/api/users", alice_,
      R"({"githubProfile":"alice-cloud","name":"Alice","twitterProfile":"alice_tw",)"
      R"("linkedinProfile":"alice-in","bio":"Learning cloud","avatarImage":"https://example.com/a.png"})");
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_EQ(res.header("Location"), "/api/users/alice-cloud");
  auto created = bodyOf(res).as_object();
  EXPECT_EQ(created.at("githubProfile").as_string(), "alice-cloud");
  EXPECT_EQ(created.at("githubScore").as_int64(), 0);
  EXPECT_EQ(created.at("dateJoined").as_string(), "2024-03-10T12:00:00Z");
  EXPECT_EQ(created.at("bio").as_string(), "Learning cloud");
  EXPECT_FALSE(created.contains("owner")) << "the Cognito sub is never published";
  EXPECT_EQ(user("ALICE-CLOUD"), created);
  EXPECT_EQ(userCount(), imported + 1);
  // Ranked exactly where the ordering rule puts a total of 0 among the imported journeyers.
  auto expectedRank = [](std::int64_t github, std::int64_t twitter) {
    core::User me;
    me.githubProfile = "alice-cloud";
    me.githubScore = github;
    me.twitterScore = twitter;
    std::size_t ahead = 0;
    for (const auto& f : testing::fixtureUsers()) ahead += core::leaderboardBefore(f, me) ? 1 : 0;
    return ahead + 1;
  };
  EXPECT_EQ(rank("alice-cloud"), expectedRank(0, 0));
  EXPECT_EQ(bodyOf(call("GET", "/api/users/recent?limit=1")).as_array()[0].at("githubProfile"),
            "alice-cloud");

  // Day 1 and 2 on GitHub (consecutive: streak 2, score 2x1 + 2x2 = 6), day 1 on Twitter (1).
  res = logDay(alice_, "alice-cloud", 1, "github", "2024-03-01");
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_EQ(res.header("Location"), "/api/users/alice-cloud/entries");
  EXPECT_EQ(bodyOf(res),
            json::parse(R"({"githubProfile":"alice-cloud","day":1,"platform":"github",)"
                        R"("url":"https://example.com/github/1","date":"2024-03-01","verified":true})"));
  ASSERT_EQ(logDay(alice_, "alice-cloud", 2, "github", "2024-03-02").status, 201);
  ASSERT_EQ(logDay(alice_, "alice-cloud", 1, "twitter", "2024-03-01").status, 201);
  auto u = user("alice-cloud");
  EXPECT_EQ(u.at("githubScore").as_int64(), 6);
  EXPECT_EQ(u.at("githubStreak").as_int64(), 2);
  EXPECT_EQ(u.at("twitterScore").as_int64(), 1);
  EXPECT_EQ(u.at("twitterStreak").as_int64(), 1);
  EXPECT_EQ(u.at("daysCompleted").as_int64(), 2);
  EXPECT_EQ(rank("alice-cloud"), expectedRank(6, 1));
  EXPECT_LT(rank("alice-cloud"), expectedRank(0, 0));

  // A date without a day logged: today. A 4-day gap (Mar 2 -> Mar 6) restarts the GitHub streak.
  res = call("POST", "/api/users/alice-cloud/entries", alice_,
             R"({"day":3,"platform":"github","url":"https://example.com/github/3"})");
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_EQ(bodyOf(res).at("date").as_string(), "2024-03-10");
  u = user("alice-cloud");
  EXPECT_EQ(u.at("githubScore").as_int64(), 8);
  EXPECT_EQ(u.at("githubStreak").as_int64(), 1);
  EXPECT_EQ(u.at("daysCompleted").as_int64(), 3);

  // The same entry again is 200 with the stored one; a different one for the same day is 409.
  res = logDay(alice_, "alice-cloud", 1, "github", "2024-03-01");
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(bodyOf(res).at("url").as_string(), "https://example.com/github/1");
  expectProblem(logDay(alice_, "alice-cloud", 1, "github", "2024-03-03"), 409);
  EXPECT_EQ(user("alice-cloud").at("githubScore").as_int64(), 8);

  // Ninety more consecutive GitHub days put alice at the top.
  for (int day = 4; day <= 93; ++day) {
    ASSERT_EQ(logDay(alice_, "alice-cloud", day, "github", core::formatDate(kToday - 93 + day)).status, 201);
  }
  EXPECT_EQ(rank("alice-cloud"), 1u);
  const auto entries = bodyOf(call("GET", "/api/users/alice-cloud/entries")).as_array();
  ASSERT_EQ(entries.size(), 94u);
  EXPECT_EQ(entries[0].at("day").as_int64(), 1);
  EXPECT_EQ(entries[0].at("platform").as_string(), "github");
  EXPECT_EQ(entries[1].at("platform").as_string(), "twitter");
}

TEST_F(WriteApiTest, AWriteIsVisibleToTheNextRead) {
  aliceSignsUp();
  const auto before = call("GET", "/api/users/alice-cloud");  // fills the response cache
  ASSERT_EQ(before.status, 200);
  EXPECT_EQ(call("GET", "/api/users/alice-cloud").header("ETag"), before.header("ETag"));
  const auto entriesBefore = call("GET", "/api/users/alice-cloud/entries");
  EXPECT_EQ(entriesBefore.body, "[]");
  ASSERT_EQ(call("PATCH", "/api/users/alice-cloud", alice_, R"({"name":"Alice L."})").status, 200);
  const auto after = call("GET", "/api/users/alice-cloud");
  EXPECT_EQ(bodyOf(after).at("name").as_string(), "Alice L.");
  EXPECT_NE(after.header("ETag"), before.header("ETag"));
  ASSERT_EQ(logDay(alice_, "alice-cloud", 1, "github", "2024-03-01").status, 201);
  EXPECT_EQ(bodyOf(call("GET", "/api/users/alice-cloud/entries")).as_array().size(), 1u);
  EXPECT_EQ(bodyOf(call("GET", "/api/leaderboard/1")).as_array()[0].at("githubScore").as_int64(), 2);
}

TEST_F(WriteApiTest, ProfileBodiesAreValidatedStrictlyAndNothingIsWritten) {
  struct Case {
    std::string body;
    std::string field;
  };
  const std::string big(201, 'x');
  const std::vector<Case> cases = {
      {R"({"name":"No handle"})", "githubProfile"},
      {R"({"githubProfile":"alice"})", "name"},
      {R"({"githubProfile":"bad handle!","name":"A"})", "githubProfile"},
      {R"({"githubProfile":"a-very-long-handle-that-is-over-39-chars-x","name":"A"})", "githubProfile"},
      {R"({"githubProfile":42,"name":"A"})", "githubProfile"},
      {R"({"githubProfile":"alice","name":")" + big + R"("})", "name"},
      {R"({"githubProfile":"alice","name":["A"]})", "name"},
      {R"({"githubProfile":"alice","name":"A\u0007"})", "name"},
      {R"({"githubProfile":"alice","name":"A","avatarImage":"ftp://example.com/a.png"})", "avatarImage"},
      {R"json({"githubProfile":"alice","name":"A","avatarImage":"javascript:alert(1)"})json", "avatarImage"},
      {R"({"githubProfile":"alice","name":"A","twitterProfile":null})", "twitterProfile"},
      {R"({"githubProfile":"alice","name":"A","githubScore":1000})", "githubScore"},
      {R"({"githubProfile":"alice","name":"A","daysCompleted":100})", "daysCompleted"},
      {R"({"githubProfile":"alice","name":"A","dateJoined":"2020-01-01T00:00:00Z"})", "dateJoined"},
      {R"({"githubProfile":"alice","name":"A","admin":true})", "admin"},
      {R"({"githubProfile":"alice","name":"A","bio":7})", "bio"},
      {R"({"githubProfile":"alice","name":"A","name":"B"})", "name"},
      {R"(["alice"])", "(body)"},
      {R"({"githubProfile":"alice",)", "(body)"},
      {"", "(body)"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    expectProblem(call("POST", "/api/users", alice_, c.body, "application/json"), 400, c.field);
  }
  expectProblem(call("POST", "/api/users", alice_, R"({"githubProfile":"alice","name":"A"})", "text/plain"),
                415);
  expectProblem(call("POST", "/api/users", alice_, R"({"githubProfile":"alice","name":"A"})", ""), 415);
  const std::string huge = R"({"githubProfile":"alice","name":"A","bio":")" + std::string(70000, 'b') + "\"}";
  expectProblem(call("POST", "/api/users", alice_, huge), 413);
  EXPECT_EQ(userCount(), 0u);
  EXPECT_FALSE(store_->findUserByOwner("sub-alice"));
  // Parameters on the media type are fine.
  EXPECT_EQ(call("POST", "/api/users", alice_, R"({"githubProfile":"alice","name":"A"})",
                 "Application/JSON; charset=utf-8")
                .status,
            201);
}

TEST_F(WriteApiTest, EntryBodiesAreValidatedStrictlyAndNothingIsWritten) {
  aliceSignsUp();
  const auto userBefore = user("alice-cloud");
  struct Case {
    std::string body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {R"({"platform":"github","url":"https://x.com/1","date":"2024-03-01"})", "day"},
      {R"({"day":0,"platform":"github","url":"https://x.com/1","date":"2024-03-01"})", "day"},
      {R"({"day":101,"platform":"github","url":"https://x.com/1","date":"2024-03-01"})", "day"},
      {R"({"day":"1","platform":"github","url":"https://x.com/1","date":"2024-03-01"})", "day"},
      {R"({"day":1.5,"platform":"github","url":"https://x.com/1","date":"2024-03-01"})", "day"},
      {R"({"day":1,"platform":"GitHub","url":"https://x.com/1","date":"2024-03-01"})", "platform"},
      {R"({"day":1,"platform":"linkedin","url":"https://x.com/1","date":"2024-03-01"})", "platform"},
      {R"({"day":1,"url":"https://x.com/1","date":"2024-03-01"})", "platform"},
      {R"({"day":1,"platform":"github","url":"http://x.com/1","date":"2024-03-01"})", "url"},
      {R"({"day":1,"platform":"github","url":"not a url","date":"2024-03-01"})", "url"},
      {R"({"day":1,"platform":"github","date":"2024-03-01"})", "url"},
      {R"({"day":1,"platform":"github","url":"https://x.com/)" + std::string(2100, 'p') + R"("})", "url"},
      {R"({"day":1,"platform":"github","url":"https://x.com/1","date":"2024-02-30"})", "date"},
      {R"({"day":1,"platform":"github","url":"https://x.com/1","date":"01/03/2024"})", "date"},
      {R"({"day":1,"platform":"github","url":"https://x.com/1","date":"2024-03-12"})", "date"},
      {R"({"day":1,"platform":"github","url":"https://x.com/1","verified":true})", "verified"},
      {R"({"day":1,"platform":"github","url":"https://x.com/1","points":5})", "points"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    expectProblem(call("POST", "/api/users/alice-cloud/entries", alice_, c.body), 400, c.field);
  }
  expectProblem(
      call("POST", "/api/users/alice-cloud/entries", alice_,
           R"({"day":1,"platform":"github","url":"https://x.com/1"})", "application/x-www-form-urlencoded"),
      415);
  EXPECT_EQ(call("GET", "/api/users/alice-cloud/entries").body, "[]");
  EXPECT_EQ(user("alice-cloud"), userBefore);
  // Tomorrow is accepted (callers east of UTC are already there).
  EXPECT_EQ(logDay(alice_, "alice-cloud", 1, "github", "2024-03-11").status, 201);
}

TEST_F(WriteApiTest, ArticleBodiesAreValidatedStrictly) {
  aliceSignsUp();
  struct Case {
    std::string body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {R"({"subtitle":"s","tags":"AWS"})", "title"},
      {R"({"title":"","tags":"AWS"})", "title"},
      {R"({"title":"T"})", "tags"},
      {R"({"title":"T","tags":""})", "tags"},
      {R"({"title":"T","tags":["AWS","GCP"]})", "tags"},
      {R"({"title":"T","tags":"AWS","image":"data:image/png;base64,AAAA"})", "image"},
      {R"({"title":"T","tags":"AWS","id":7})", "id"},
      {R"({"title":"T","tags":"AWS","author":"bob"})", "author"},
      {R"({"title":")" + std::string(301, 't') + R"(","tags":"AWS"})", "title"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    expectProblem(call("POST", "/api/articles", alice_, c.body), 400, c.field);
  }
  EXPECT_EQ(call("GET", "/api/articles").body, "[]");
  EXPECT_EQ(call("GET", "/api/tags").body, "[]");
}

TEST_F(WriteApiTest, ArticlesAreWrittenByTheirAuthorsAndAdmins) {
  aliceSignsUp();
  bobSignsUp();
  auto res = call("POST", "/api/articles", alice_,
                  R"({"title":"Day 1","subtitle":"VPCs","image":"https://example.com/1.png","tags":"AWS"})");
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_EQ(res.header("Location"), "/api/articles/1");
  EXPECT_EQ(bodyOf(res),
            json::parse(R"({"id":1,"title":"Day 1","subtitle":"VPCs",)"
                        R"("image":"https://example.com/1.png","tags":"AWS","author":"alice-cloud"})"));
  ASSERT_EQ(call("POST", "/articles", bob_, R"({"title":"Bob's","tags":"GCP"})").status, 201);
  EXPECT_EQ(call("GET", "/api/tags").body, R"([{"tag":"AWS","count":1},{"tag":"GCP","count":1}])");

  expectProblem(call("PATCH", "/api/articles/1", bob_, R"({"title":"Mine now"})"), 403);
  expectProblem(call("DELETE", "/api/articles/1", bob_), 403);
  const auto stranger = pool_.idToken(UserPool::identity("sub-stranger", "stranger"));
  expectProblem(call("POST", "/api/articles", stranger, R"({"title":"T","tags":"AWS"})"), 403);
  EXPECT_EQ(bodyOf(call("GET", "/api/articles")).as_array().size(), 2u);

  res = call("PATCH", "/api/articles/1", alice_, R"({"tags":"GCP","subtitle":"Moved"})");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(bodyOf(res).at("subtitle").as_string(), "Moved");
  EXPECT_EQ(bodyOf(res).at("title").as_string(), "Day 1");
  EXPECT_EQ(call("GET", "/api/tags").body, R"([{"tag":"GCP","count":2}])");
  ASSERT_EQ(call("PATCH", "/api/articles/2", admin_, R"({"tags":"Azure"})").status, 200);
  EXPECT_EQ(call("GET", "/api/tags").body, R"([{"tag":"Azure","count":1},{"tag":"GCP","count":1}])");
  EXPECT_EQ(call("DELETE", "/api/articles/2", admin_).status, 204);
  EXPECT_EQ(call("DELETE", "/api/articles/1", alice_).status, 204);
  EXPECT_EQ(call("GET", "/api/articles").body, "[]");
  EXPECT_EQ(call("GET", "/api/tags").body, "[]");
  expectProblem(call("DELETE", "/api/articles/1", alice_), 404);
  expectProblem(call("PATCH", "/api/articles/999", admin_, R"({"title":"x"})"), 404);
  expectProblem(call("PATCH", "/api/articles/abc", admin_, R"({"title":"x"})"), 400, "id");
  expectProblem(call("DELETE", "/api/articles/0", admin_), 400, "id");
}

TEST_F(WriteApiTest, OwnersAndAdminsMayChangeProfilesAndNobodyElse) {
  aliceSignsUp();
  bobSignsUp();
  const auto aliceBefore = user("alice-cloud");
  expectProblem(call("PATCH", "/api/users/alice-cloud", bob_, R"({"name":"Hacked"})"), 403);
  expectProblem(call("DELETE", "/api/users/alice-cloud", bob_), 403);
  expectProblem(logDay(bob_, "alice-cloud", 1, "github", "2024-03-01"), 403);
  expectProblem(logDay(admin_, "alice-cloud", 1, "github", "2024-03-01"), 403);  // only the owner logs days
  expectProblem(call("PATCH", "/api/users/alice-cloud/entries/github/1", alice_, R"({"verified":false})"),
                403);
  EXPECT_EQ(user("alice-cloud"), aliceBefore);
  EXPECT_EQ(call("GET", "/api/users/alice-cloud/entries").body, "[]");

  // Read-only figures and the key cannot be patched.
  expectProblem(call("PATCH", "/api/users/alice-cloud", alice_, R"({"githubScore":999})"), 400,
                "githubScore");
  expectProblem(call("PATCH", "/api/users/alice-cloud", alice_, R"({"githubProfile":"alice2"})"), 400,
                "githubProfile");
  EXPECT_EQ(user("alice-cloud"), aliceBefore);

  auto res = call("PATCH", "/api/users/alice-cloud", alice_, R"({"bio":null,"twitterProfile":"new_tw"})");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_FALSE(bodyOf(res).as_object().contains("bio"));
  EXPECT_EQ(bodyOf(res).at("twitterProfile").as_string(), "new_tw");
  res = call("PATCH", "/api/users/ALICE-CLOUD", admin_, R"({"name":"Renamed by admin"})");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(bodyOf(res).at("name").as_string(), "Renamed by admin");

  // Admins reject and restore entries; the score follows.
  ASSERT_EQ(logDay(alice_, "alice-cloud", 1, "github", "2024-03-01").status, 201);
  ASSERT_EQ(logDay(alice_, "alice-cloud", 2, "github", "2024-03-02").status, 201);
  EXPECT_EQ(user("alice-cloud").at("githubScore").as_int64(), 6);
  res = call("PATCH", "/api/users/alice-cloud/entries/github/2", admin_, R"({"verified":false})");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_FALSE(bodyOf(res).at("verified").as_bool());
  EXPECT_EQ(user("alice-cloud").at("githubScore").as_int64(), 2);
  ASSERT_EQ(call("PATCH", "/api/users/alice-cloud/entries/github/2", admin_, R"({"verified":true})").status,
            200);
  EXPECT_EQ(user("alice-cloud").at("githubScore").as_int64(), 6);
  expectProblem(call("PATCH", "/api/users/alice-cloud/entries/github/2", admin_, R"({"verified":"no"})"), 400,
                "verified");
  expectProblem(call("PATCH", "/api/users/alice-cloud/entries/github/2", admin_, "{}"), 400, "verified");
  expectProblem(call("PATCH", "/api/users/alice-cloud/entries/twitter/2", admin_, R"({"verified":false})"),
                404);
  expectProblem(call("PATCH", "/api/users/nobody/entries/github/2", admin_, R"({"verified":false})"), 404);
  expectProblem(call("PATCH", "/api/users/alice-cloud/entries/GitHub/2", admin_, R"({"verified":false})"),
                400, "platform");
  expectProblem(call("PATCH", "/api/users/alice-cloud/entries/github/101", admin_, R"({"verified":false})"),
                400, "day");

  // Deleting: by the owner, or by an admin; entries go with the profile.
  EXPECT_EQ(call("DELETE", "/api/users/bob", admin_).status, 204);
  EXPECT_EQ(call("DELETE", "/api/users/alice-cloud", alice_).status, 204);
  expectProblem(call("GET", "/api/users/alice-cloud"), 404);
  expectProblem(call("GET", "/api/users/alice-cloud/entries"), 404);
  EXPECT_EQ(call("GET", "/api/leaderboard").body, "[]");
  // The account may sign up again.
  aliceSignsUp();
  EXPECT_EQ(call("GET", "/api/users/alice-cloud/entries").body, "[]");
}

TEST_F(WriteApiTest, ConflictsAre409AndChangeNothing) {
  aliceSignsUp();
  expectProblem(call("POST", "/api/users", bob_, R"({"githubProfile":"ALICE-cloud","name":"Bob"})"), 409);
  expectProblem(call("POST", "/api/users", alice_, R"({"githubProfile":"alice-two","name":"A2"})"), 409);
  EXPECT_EQ(userCount(), 1u);
  EXPECT_EQ(user("alice-cloud").at("name").as_string(), "Alice");
}

TEST_F(WriteApiTest, MissingOrBadTokensAre401WithTheRightChallenge) {
  auto res = call("POST", "/api/users", "", R"({"githubProfile":"x","name":"X"})");
  expectProblem(res, 401);
  EXPECT_EQ(res.header("WWW-Authenticate"), "Bearer");
  res = call("POST", "/api/users", "not.a.jwt", R"({"githubProfile":"x","name":"X"})");
  expectProblem(res, 401);
  EXPECT_EQ(res.header("WWW-Authenticate"), "Bearer error=\"invalid_token\"");
  for (const auto& [method, target] :
       std::vector<std::pair<std::string, std::string>>{{"PATCH", "/api/users/x"},
                                                        {"DELETE", "/api/users/x"},
                                                        {"POST", "/api/users/x/entries"},
                                                        {"PATCH", "/api/users/x/entries/github/1"},
                                                        {"POST", "/api/articles"},
                                                        {"PATCH", "/api/articles/1"},
                                                        {"DELETE", "/api/articles/1"}}) {
    SCOPED_TRACE(method + " " + target);
    expectProblem(call(method, target, "", "{}"), 401);
  }
  EXPECT_EQ(userCount(), 0u);
}

TEST_F(WriteApiTest, WithoutAVerifierOnlyAHostVerifiedPrincipalMayWrite) {
  Api api(*store_, ApiConfig{});
  Request req;
  req.method = "POST";
  req.target = "/api/users";
  req.headers = {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + alice_}};
  req.body = R"({"githubProfile":"lambda-user","name":"L"})";
  auto res = api.handle(req);
  EXPECT_EQ(res.status, 401) << res.body;
  EXPECT_EQ(res.header("WWW-Authenticate"), "Bearer error=\"invalid_token\"");
  req.headers = {{"Content-Type", "application/json"}};
  req.principal = core::Principal{"sub-lambda", "lambda", "l@example.com", {}};
  res = api.handle(req);
  EXPECT_EQ(res.status, 201) << res.body;
  EXPECT_EQ(store_->findUserByOwner("sub-lambda")->githubProfile, "lambda-user");
}

TEST_F(WriteApiTest, UnknownTargetsAre404AndWrongMethods405) {
  aliceSignsUp();
  expectProblem(call("PATCH", "/api/users/nobody", admin_, R"({"name":"x"})"), 404);
  expectProblem(call("DELETE", "/api/users/nobody", admin_), 404);
  expectProblem(logDay(alice_, "nobody", 1, "github", "2024-03-01"), 404);
  expectProblem(call("GET", "/api/users/nobody/entries"), 404);
  expectProblem(call("POST", "/api/users/alice-cloud/entries/github/1", alice_, "{}"), 405);

  auto res = call("PUT", "/api/users", alice_, "{}");
  expectProblem(res, 405);
  EXPECT_EQ(res.header("Allow"), "GET,HEAD,POST,OPTIONS");
  res = call("POST", "/api/users/recent", alice_, "{}");
  expectProblem(res, 405);
  EXPECT_EQ(res.header("Allow"), "GET,HEAD,OPTIONS");
  res = call("PUT", "/api/articles/1", alice_, "{}");
  expectProblem(res, 405);
  EXPECT_EQ(res.header("Allow"), "GET,HEAD,PATCH,DELETE,OPTIONS");
  res = call("GET", "/api/users/alice-cloud/entries/github/1");
  expectProblem(res, 405);
  EXPECT_EQ(res.header("Allow"), "PATCH,OPTIONS");
  res = call("DELETE", "/api/users/alice-cloud/entries", alice_);
  expectProblem(res, 405);
  EXPECT_EQ(res.header("Allow"), "GET,HEAD,POST,OPTIONS");
  // The preflight of a write route allows its methods and the Authorization header.
  res = call("OPTIONS", "/api/users/alice-cloud");
  EXPECT_EQ(res.status, 204);
  EXPECT_EQ(res.header("Access-Control-Allow-Methods"), "GET,HEAD,PATCH,DELETE,OPTIONS");
  EXPECT_NE(res.header("Access-Control-Allow-Headers").find("Authorization"), std::string_view::npos);
  // GET /articles/{tag} still reads by tag, even when the tag looks like an id.
  EXPECT_EQ(call("GET", "/api/articles/1").status, 200);
}

TEST_F(WriteApiTest, WritesAreRateLimitedPerPrincipal) {
  ApiConfig config;
  config.writeRateLimit = {1, 2};  // one a minute, two at once
  makeApi(config);
  aliceSignsUp();
  EXPECT_EQ(logDay(alice_, "alice-cloud", 1, "github", "2024-03-01").status, 201);
  auto res = logDay(alice_, "alice-cloud", 2, "github", "2024-03-02");
  expectProblem(res, 429);
  const int retryAfter = std::stoi(std::string(res.header("Retry-After")));
  EXPECT_GE(retryAfter, 1);
  EXPECT_LE(retryAfter, 60);
  EXPECT_EQ(bodyOf(call("GET", "/api/users/alice-cloud/entries")).as_array().size(), 1u);
  EXPECT_EQ(call("GET", "/api/users/alice-cloud").status, 200) << "reads are not limited";
  bobSignsUp();  // another principal has its own bucket
}

TEST_F(WriteApiTest, BodiesOverTheLimitAre413EvenWithoutTheServer) {
  aliceSignsUp();
  const std::string body = R"({"name":")" + std::string(64 * 1024, 'n') + "\"}";
  expectProblem(call("PATCH", "/api/users/alice-cloud", alice_, body), 413);
  EXPECT_EQ(user("alice-cloud").at("name").as_string(), "Alice");
}

}  // namespace
}  // namespace hdoc::http
