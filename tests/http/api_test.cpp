// The API's semantics, through Api::handle on a real SQLite file holding the frontend's mock data.
#include "http/api.hpp"

#include <gtest/gtest.h>

#include <thread>

#include <boost/json.hpp>

#include "store/sqlite/sqlite_store.hpp"
#include "support/api_calls.hpp"
#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::http {
namespace {

namespace json = boost::json;
using testing::expectProblem;
using testing::TempDir;

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HDOC_REQUIRE_FIXTURES();
    store_ = std::make_unique<store::SqliteStore>(dir_.file("api.db"));
    testing::importFixtures(*store_);
    api_ = std::make_unique<Api>(*store_, ApiConfig{});
  }

  Response get(const std::string& target, std::vector<Header> headers = {}) {
    return call("GET", target, std::move(headers));
  }
  Response call(const std::string& method, const std::string& target, std::vector<Header> headers = {}) {
    return api_->handle(testing::apiRequest(method, target, std::move(headers)));
  }
  json::array array(const std::string& target) {
    auto res = get(target);
    EXPECT_EQ(res.status, 200) << target << " " << res.body;
    return json::parse(res.body).as_array();
  }

  TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<Api> api_;
};

TEST_F(ApiTest, UserByProfileIsTheFixtureRecordExactly) {
  auto res = get("/api/users/fdurham0");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(
      res.body,
      R"({"id":"xprcY","name":"Forbes Durham","daysCompleted":48,"githubProfile":"fdurham0","githubScore":178,)"
      R"("githubStreak":15,"twitterProfile":"fdurham0","twitterScore":73,"twitterStreak":12,)"
      R"("linkedinProfile":"fdurham0","status":true,)"
      R"("avatarImage":"https://robohash.org/rerumremtemporibus.png?size=300x300&set=set1",)"
      R"("dateJoined":"2020-08-08T21:01:23Z"})");
  EXPECT_EQ(get("/users/FDurham0/").body, res.body);  // case-insensitive, without /api, trailing slash
  EXPECT_EQ(res.header("Content-Type"), "application/json; charset=utf-8");
}

TEST_F(ApiTest, EveryFixtureUserRoundTripsThroughTheApi) {
  for (const auto& u : testing::fixtureUsers()) {
    auto res = get("/api/users/" + u.githubProfile);
    ASSERT_EQ(res.status, 200) << u.githubProfile;
    EXPECT_EQ(json::parse(res.body).as_object().at("githubScore").as_int64(), u.githubScore);
  }
}

TEST_F(ApiTest, UnknownUserIs404Problem) {
  expectProblem(get("/api/users/nobody-here"), 404);
}

TEST_F(ApiTest, TagsAreCountedDescendingWithTies) {
  auto tags = array("/api/tags?limit=3");
  ASSERT_EQ(tags.size(), 3u);
  EXPECT_EQ(json::serialize(tags),
            R"([{"tag":"GCP","count":13},{"tag":"AWS","count":11},{"tag":"Azure","count":6}])");
  auto all = array("/api/tags");
  EXPECT_EQ(all.size(), 129u);
  std::int64_t total = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    total += all[i].at("count").as_int64();
    if (i) {
      const auto& p = all[i - 1].as_object();
      const auto& c = all[i].as_object();
      EXPECT_TRUE(p.at("count").as_int64() > c.at("count").as_int64() ||
                  (p.at("count") == c.at("count") && p.at("tag").as_string() < c.at("tag").as_string()));
    }
  }
  EXPECT_EQ(total, 200);
}

TEST_F(ApiTest, LeaderboardOrdersByTotalThenProfile) {
  auto users = testing::fixtureUsers();
  std::sort(users.begin(), users.end(), [](const auto& a, const auto& b) {
    return a.totalScore() != b.totalScore() ? a.totalScore() > b.totalScore()
                                            : a.githubProfile < b.githubProfile;
  });
  auto top = array("/api/leaderboard?limit=50");
  ASSERT_EQ(top.size(), 50u);
  for (std::size_t i = 0; i < top.size(); ++i)
    EXPECT_EQ(top[i].at("githubProfile").as_string(), users[i].githubProfile);
  EXPECT_EQ(array("/api/leaderboard").size(), 10u);  // default
  EXPECT_EQ(get("/api/leaderboard/5").body, get("/api/leaderboard?limit=5").body);
  EXPECT_EQ(array("/leaderboard/0").size(), 0u);
  EXPECT_EQ(array("/leaderboard?limit=10000").size(), 1000u);
}

TEST_F(ApiTest, UsersInRegistrationOrderAndRecentDescending) {
  auto users = testing::fixtureUsers();
  std::sort(users.begin(), users.end(), [](const auto& a, const auto& b) {
    return a.dateJoined != b.dateJoined ? a.dateJoined < b.dateJoined : a.githubProfile < b.githubProfile;
  });
  auto all = array("/api/users");
  ASSERT_EQ(all.size(), 1000u);
  for (std::size_t i = 0; i < all.size(); ++i)
    EXPECT_EQ(all[i].at("githubProfile").as_string(), users[i].githubProfile);
  EXPECT_EQ(array("/api/users?limit=7").size(), 7u);
  auto recent = array("/api/users/recent");
  ASSERT_EQ(recent.size(), 10u);
  for (std::size_t i = 0; i < recent.size(); ++i) {
    EXPECT_EQ(recent[i].at("githubProfile").as_string(), users[users.size() - 1 - i].githubProfile);
  }
  EXPECT_EQ(array("/api/users/recent/?limit=3").size(), 3u);
}

TEST_F(ApiTest, ArticlesByIdAndByTagCaseInsensitively) {
  auto all = array("/api/articles/");
  ASSERT_EQ(all.size(), 200u);
  for (std::size_t i = 0; i < all.size(); ++i)
    EXPECT_EQ(all[i].at("id").as_int64(), static_cast<std::int64_t>(i + 1));
  auto aws = array("/api/articles/AWS/?limit=5");
  ASSERT_EQ(aws.size(), 5u);
  const std::int64_t ids[] = {10, 34, 36, 43, 47};
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(aws[i].at("id").as_int64(), ids[i]);
  EXPECT_EQ(get("/api/articles/aws").body, get("/api/articles?tag=AwS").body);
  EXPECT_EQ(array("/api/articles/aws").size(), 11u);
  EXPECT_EQ(array("/api/articles/open%20system").size(), 4u);    // percent-decoded path
  EXPECT_EQ(array("/api/articles?tag=open+system").size(), 4u);  // form-encoded query
  EXPECT_EQ(array("/api/articles/no-such-tag").size(), 0u);
}

TEST_F(ApiTest, BadLimitsAre400NamingTheParameter) {
  for (const char* q : {"-1", "abc", "1e3", "5.5", "", "10001", "1%00"}) {
    for (const char* route : {"/api/users", "/api/users/recent", "/api/leaderboard", "/api/articles",
                              "/api/tags", "/api/articles/AWS"}) {
      expectProblem(get(std::string(route) + "?limit=" + q), 400, "limit");
    }
  }
  expectProblem(get("/api/tags?limit=1&limit=2"), 400, "limit");
  expectProblem(get("/api/leaderboard/abc"), 400, "limit");
  expectProblem(get("/api/leaderboard/5?limit=5"), 400, "limit");
  expectProblem(get("/api/articles/AWS?tag=GCP"), 400, "tag");
  expectProblem(get("/api/articles?tag=a&tag=b"), 400, "tag");
  expectProblem(get("/api/articles?tag="), 400, "tag");
  EXPECT_EQ(get("/api/tags?limit=2&unknown=1").status, 200);  // unknown parameters are ignored
}

TEST_F(ApiTest, UnknownRoutesMethodsAndTargets) {
  expectProblem(get("/api/nope"), 404);
  expectProblem(get("/"), 404);
  expectProblem(get("/api"), 404);
  expectProblem(get("/api/users/a/b"), 404);
  expectProblem(get("/api/users//"), 404);
  auto res = call("DELETE", "/api/tags");
  expectProblem(res, 405);
  EXPECT_EQ(res.header("Allow"), "GET,HEAD,OPTIONS");
  expectProblem(call("POST", "/api/leaderboard"), 405);
  expectProblem(get("http://example.com/api/tags"), 400);
  expectProblem(get("/api/articles/%FF"), 400);
  expectProblem(get("/api/tags?x=%C0%AF"), 400);
  expectProblem(get("*"), 400);
}

TEST_F(ApiTest, CorsOnEveryResponseAndPreflight) {
  for (const auto& res : {get("/api/tags"), get("/api/nope"), call("OPTIONS", "/api/users/fdurham0")}) {
    EXPECT_EQ(res.header("Access-Control-Allow-Origin"), "*");
    EXPECT_EQ(res.header("Access-Control-Allow-Headers"),
              "Content-Type,X-Amz-Date,Authorization,X-Api-Key,x-requested-with");
    EXPECT_FALSE(res.header("Access-Control-Allow-Methods").empty());
  }
  auto pre = call("OPTIONS", "/api/leaderboard/",
                  {{"Origin", "https://100daysofcloud.com"}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(pre.status, 204);
  EXPECT_TRUE(pre.body.empty());
  EXPECT_EQ(pre.header("Access-Control-Allow-Methods"), "GET,HEAD,OPTIONS");
}

TEST_F(ApiTest, CorsAllowListEchoesListedOriginsOnly) {
  Api api(*store_, ApiConfig{{"https://100daysofcloud.com", "http://localhost:3000"}, true});
  Request req{"GET", "/api/tags", {{"Origin", "http://localhost:3000"}}, "", std::nullopt};
  auto res = api.handle(req);
  EXPECT_EQ(res.header("Access-Control-Allow-Origin"), "http://localhost:3000");
  EXPECT_EQ(res.header("Vary"), "Origin, Accept-Encoding");  // and /tags is large enough to compress
  req.headers = {{"Origin", "https://evil.example"}};
  EXPECT_EQ(api.handle(req).header("Access-Control-Allow-Origin"), "");
  // The response cache keeps one answer per origin: none leaks to another.
  for (int round = 0; round < 2; ++round) {
    for (std::string origin :
         {"http://localhost:3000", "https://evil.example", "https://100daysofcloud.com", ""}) {
      req.headers = {{"Origin", origin}};
      const auto allowed = origin == "https://evil.example" ? "" : origin;
      EXPECT_EQ(api.handle(req).header("Access-Control-Allow-Origin"), allowed) << origin;
    }
  }
}

TEST_F(ApiTest, CachedReadsAreSharedUntilTheDataChanges) {
  Request req{"GET", "/api/leaderboard?limit=3", {}, "", std::nullopt};
  const auto first = api_->respond(req);
  EXPECT_EQ(api_->respond(req), first);  // the same object: nothing copied or rebuilt
  req.method = "HEAD";
  const auto head = api_->respond(req);
  EXPECT_EQ(head->headers.size(), first->headers.size());
  EXPECT_EQ(head->header("ETag"), first->header("ETag"));
  core::Article art{9000, "t", "s", "", "AWS", "a"};
  store_->upsertArticles(std::span(&art, 1));
  req.method = "GET";
  const auto after = api_->respond(req);
  EXPECT_NE(after, first);
  EXPECT_EQ(after->body, first->body);  // the leaderboard did not change, but the cache cannot know
  // Refusals are not cached: each is built afresh.
  Request missing{"GET", "/api/users/nobody-here", {}, "", std::nullopt};
  EXPECT_NE(api_->respond(missing), api_->respond(missing));
  EXPECT_EQ(api_->respond(missing)->status, 404);
}

TEST_F(ApiTest, StrongEtagAndConditionalGet) {
  auto res = get("/api/leaderboard?limit=5");
  const std::string etag(res.header("ETag"));
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(etag.front(), '"');  // strong: no W/ prefix
  auto again = get("/api/leaderboard?limit=5", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("ETag"), etag);
  EXPECT_EQ(get("/api/leaderboard?limit=5", {{"If-None-Match", "\"other\", " + etag}}).status, 304);
  EXPECT_EQ(get("/api/leaderboard?limit=5", {{"If-None-Match", "W/" + etag}}).status, 304);
  EXPECT_EQ(get("/api/leaderboard?limit=5", {{"If-None-Match", "*"}}).status, 304);
  EXPECT_EQ(get("/api/leaderboard?limit=5", {{"If-None-Match", "\"stale\""}}).status, 200);
  EXPECT_NE(get("/api/leaderboard?limit=6").header("ETag"), etag);
}

TEST_F(ApiTest, AWriteIsVisibleToTheNextRead) {
  const auto before = get("/api/tags?limit=1");
  EXPECT_EQ(before.body, R"([{"tag":"GCP","count":13}])");
  std::vector<core::Article> more;
  for (int i = 0; i < 5; ++i) more.push_back({1000 + i, "t", "s", "", "aws", "a"});
  store_->upsertArticles(more);
  EXPECT_EQ(get("/api/tags?limit=1").body, R"([{"tag":"GCP","count":13}])");  // "aws" is its own value
  EXPECT_EQ(array("/api/articles/AWS").size(), 16u);
  for (int i = 0; i < 20; ++i) more.push_back({2000 + i, "t", "s", "", "Kubernetes", "a"});
  store_->upsertArticles(more);
  EXPECT_EQ(get("/api/tags?limit=1").body, R"([{"tag":"Kubernetes","count":20}])");
  // A change made by another connection (as another process would) is seen too, once the store's
  // check interval for outside commits has passed.
  store::SqliteStore other(dir_.file("api.db"));
  other.deleteArticle(2000);
  std::this_thread::sleep_for(2 * store::SqliteStore::kExternalCheckInterval);
  EXPECT_EQ(get("/api/tags?limit=1").body, R"([{"tag":"Kubernetes","count":19}])");
}

TEST_F(ApiTest, HealthzReportsTheStore) {
  auto res = get("/healthz");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, R"({"status":"ok","store":"sqlite"})");
  EXPECT_EQ(get("/api/healthz/").status, 200);
  // Not a representation with a validator: If-None-Match never turns it into 304.
  EXPECT_EQ(get("/healthz", {{"If-None-Match", "*"}}).status, 200);
}

}  // namespace
}  // namespace hdoc::http
