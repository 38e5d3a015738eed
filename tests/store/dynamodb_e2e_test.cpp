// End to end: the frontend's mock data imported into a SqliteStore and into a DynamoStore (DynamoDB
// Local), an http::Api on each, and every read route answered byte for byte the same.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/records.hpp"
#include "http/api.hpp"
#include "store/dynamodb/dynamodb_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/dynamodb_local.hpp"

namespace hdoc::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

json::value readJson(const std::string& name) {
  const fs::path path = fs::path(HDOC_FIXTURES_DIR) / name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read fixture " + path.string());
  std::stringstream s;
  s << in.rdbuf();
  return json::parse(s.str());
}

template <class T, class FromJson>
std::vector<T> records(const std::string& file, const char* member, FromJson fromJson) {
  std::vector<T> out;
  const json::value document = readJson(file);  // named: the range below must not outlive it
  for (const auto& record : document.at(member).as_array()) {
    auto validated = fromJson(record);
    if (!validated.ok()) throw std::runtime_error(file + ": invalid record: " + validated.errors[0].field);
    out.push_back(validated.value);
  }
  return out;
}

class DynamoEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    sqlitePath_ = (fs::temp_directory_path() / ("hdoc-e2e-" + std::to_string(::getpid()) + ".db")).string();
    fs::remove(sqlitePath_);
    sqlite_ = std::make_unique<store::SqliteStore>(sqlitePath_);
    auto dynamo = std::make_unique<store::DynamoStore>(DynamoDbLocal::instance().freshTable());
    dynamo->setWriteProgress([this](std::size_t written, std::size_t total) {
      progressCalls_++;
      lastProgress_ = {written, total};
    });
    dynamo_ = std::move(dynamo);
  }
  void TearDown() override {
    sqlite_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(sqlitePath_ + suffix);
  }

  void importInto(store::Store& store, const std::vector<core::User>& users,
                  const std::vector<core::Article>& articles) {
    store.upsertUsers(users);
    store.upsertArticles(articles);
  }

  // Asks both APIs the same request; returns the Dynamo response after checking it equals SQLite's.
  void expectSameAnswer(http::Api& sqliteApi, http::Api& dynamoApi, const std::string& target) {
    http::Request request;
    request.method = "GET";
    request.target = target;
    request.headers.push_back({"Origin", "https://100daysofcloud.com"});
    const http::Response fromSqlite = sqliteApi.handle(request);
    const http::Response fromDynamo = dynamoApi.handle(request);
    EXPECT_EQ(fromDynamo.status, fromSqlite.status) << target;
    EXPECT_EQ(fromDynamo.body, fromSqlite.body) << target;
    EXPECT_EQ(fromDynamo.header("Content-Type"), fromSqlite.header("Content-Type")) << target;
    EXPECT_FALSE(fromSqlite.body.empty()) << target;
    ++compared_;
  }

  std::string sqlitePath_;
  std::unique_ptr<store::Store> sqlite_;
  std::unique_ptr<store::Store> dynamo_;
  int progressCalls_ = 0;
  std::pair<std::size_t, std::size_t> lastProgress_{0, 0};
  int compared_ = 0;
};

const std::vector<std::string> kReadRoutes = {
    "/api/users",
    "/api/users?limit=7",
    "/api/users?limit=0",
    "/api/users?limit=1000",
    "/api/users/fdurham0",
    "/api/users/FDURHAM0",
    "/api/users/recent",
    "/api/users/recent?limit=10",
    "/api/users/recent?limit=1000",
    "/api/leaderboard",
    "/api/leaderboard/",
    "/api/leaderboard?limit=5",
    "/api/leaderboard/25",
    "/api/leaderboard/1000",
    "/api/articles",
    "/api/articles/",
    "/api/articles/aws?limit=5",
    "/api/articles/AWS/?limit=5",
    "/api/articles?tag=GCP",
    "/api/articles?limit=13",
    "/api/tags",
    "/api/tags?limit=3",
    "/api/tags?limit=20",
    "/api/tags?limit=0",
    "/api/users/no-such-journeyer",
    "/api/articles/no-such-tag",
    "/api/users?limit=abc",
    "/users",
    "/leaderboard/3",
    "/tags?limit=1",
};

TEST_F(DynamoEndToEnd, EveryReadRouteAnswersTheSameOnBothStores) {
  const auto users = records<core::User>("users.json", "users", core::userFromJson);
  const auto articles = records<core::Article>("articles.json", "articles", core::articleFromJson);
  ASSERT_EQ(users.size(), 1000u);
  ASSERT_EQ(articles.size(), 200u);
  importInto(*sqlite_, users, articles);
  importInto(*dynamo_, users, articles);
  EXPECT_EQ(progressCalls_, 10 + 8) << "progress after each chunk: 100 users, 25 articles";
  EXPECT_EQ(lastProgress_, (std::pair<std::size_t, std::size_t>{200, 200}));

  // Importing again (an interrupted import re-run) changes nothing.
  importInto(*dynamo_, users, articles);

  http::Api sqliteApi(*sqlite_, {});
  http::Api dynamoApi(*dynamo_, {});
  for (const auto& target : kReadRoutes) expectSameAnswer(sqliteApi, dynamoApi, target);
  EXPECT_EQ(compared_, static_cast<int>(kReadRoutes.size()));
}

// Every page of every list, followed through its Link headers on both stores: the same bodies and
// the same links (so the same cursors), page for page; pages cut by limits and by bytes.
TEST_F(DynamoEndToEnd, WalkingEveryListGivesTheSamePagesOnBothStores) {
  const auto users = records<core::User>("users.json", "users", core::userFromJson);
  const auto articles = records<core::Article>("articles.json", "articles", core::articleFromJson);
  importInto(*sqlite_, users, articles);
  importInto(*dynamo_, users, articles);
  http::ApiConfig config;
  config.pageBytes = 30000;  // the mock data's lists take several pages even without a limit
  http::Api sqliteApi(*sqlite_, config);
  http::Api dynamoApi(*dynamo_, config);
  std::size_t pages = 0;
  for (std::string start : {"/api/users", "/api/users?limit=99", "/api/users/recent?limit=77",
                            "/api/leaderboard?limit=64", "/api/leaderboard/250", "/api/articles",
                            "/api/articles?limit=9", "/api/articles/aws?limit=2", "/api/tags?limit=7"}) {
    std::string target = start;
    std::size_t walked = 0;
    while (!target.empty()) {
      http::Request request;
      request.method = "GET";
      request.target = target;
      const http::Response a = sqliteApi.handle(request);
      const http::Response b = dynamoApi.handle(request);
      ASSERT_EQ(a.status, 200) << target;
      EXPECT_EQ(b.status, a.status) << target;
      EXPECT_EQ(b.body, a.body) << target;
      EXPECT_EQ(b.header("Link"), a.header("Link")) << target;
      const std::string link(a.header("Link"));
      target = link.empty() ? "" : link.substr(1, link.find('>') - 1);
      ++walked;
      ASSERT_LT(walked, 200u) << start;
    }
    EXPECT_GT(walked, 1u) << start;
    pages += walked;
  }
  EXPECT_GT(pages, 60u);
}

TEST_F(DynamoEndToEnd, SnakeCaseUsersWithBiosAnswerTheSame) {
  const auto users = records<core::User>("users-snake-case.json", "users", core::userFromJson);
  const auto articles = records<core::Article>("articles.json", "articles", core::articleFromJson);
  importInto(*sqlite_, users, articles);
  importInto(*dynamo_, users, articles);
  http::Api sqliteApi(*sqlite_, {});
  http::Api dynamoApi(*dynamo_, {});
  for (const std::string& target : std::vector<std::string>{
           "/api/users", "/api/users/" + users.front().githubProfile,
           "/api/users/" + users.back().githubProfile, "/api/users/recent?limit=50", "/api/leaderboard/50"}) {
    expectSameAnswer(sqliteApi, dynamoApi, target);
  }
}

}  // namespace
}  // namespace hdoc::testing
