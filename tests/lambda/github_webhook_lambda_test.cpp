// POST /webhooks/github through the real hdoc binary as a Lambda custom runtime (the Runtime API
// emulator, API Gateway HTTP API events of payload format 2.0, lower-case header names as API Gateway
// sends them): the secret from HDOC_GITHUB_WEBHOOK_SECRET, signatures checked on the decoded body
// whether or not API Gateway base64-encoded it, and the end-to-end journey on SQLite and on DynamoDB.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "core/base64.hpp"
#include "lambda_test_support.hpp"
#include "store/dynamodb/dynamodb_store.hpp"
#include "support/child_process.hpp"
#include "support/dynamodb_local.hpp"
#include "support/github_payloads.hpp"
#include "support/hdoc_process.hpp"
#include "support/runtime_emulator.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::lambda {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using testing::ChildProcess;
using testing::commitAt;
using testing::pushBody;
using testing::RuntimeEmulator;

const std::string kSecret = "lambda webhook secret";
const std::string kRepo = "alice-cloud/100DaysOfCloud";

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A v2 event of the HTTP API for `method` `path` with these headers and body.
json::object v2(const std::string& method, const std::string& path,
                const std::map<std::string, std::string>& headers, const std::string& body,
                bool base64 = false) {
  json::object event = json::parse(testing::v2Event(method, path)).as_object();
  event["routeKey"] = method + " " + path;
  event["requestContext"].as_object()["routeKey"] = method + " " + path;
  json::object h{{"host", "r3pmxmplak.execute-api.us-east-1.amazonaws.com"},
                 {"x-forwarded-proto", "https"},
                 {"content-length", std::to_string(body.size())}};
  for (const auto& [name, value] : headers) h[lower(name)] = value;
  event["headers"] = std::move(h);
  event.erase("cookies");
  event["body"] = base64 ? core::base64Encode(body) : body;
  event["isBase64Encoded"] = base64;
  return event;
}

std::string delivery(const std::string& event, const std::string& id, const std::string& body,
                     const std::string& secret = kSecret, bool base64 = false) {
  return json::serialize(
      v2("POST", "/api/webhooks/github", testing::deliveryHeaders(event, id, body, secret), body, base64));
}

// POST /api/users or PATCH by alice, as the JWT authorizer hands her claims to the function.
std::string asAlice(const std::string& method, const std::string& path, const std::string& body) {
  json::object event = v2(method, path, {{"Content-Type", "application/json"}}, body);
  event["requestContext"].as_object()["authorizer"] = {
      {"jwt",
       {{"claims", {{"sub", "sub-alice"}, {"cognito:username", "alice"}, {"token_use", "id"}}},
        {"scopes", nullptr}}}};
  return json::serialize(event);
}

class GithubWebhookLambdaTest : public ::testing::Test {
 protected:
  void start(std::map<std::string, std::string> env) {
    env.emplace("AWS_LAMBDA_RUNTIME_API", emulator_.endpoint());
    env.emplace("AWS_LAMBDA_FUNCTION_NAME", "hdoc-backend-dev-Function");
    env.emplace("AWS_REGION", "us-east-1");
    runtime_ = std::make_unique<ChildProcess>(testing::hdocBinary(), std::vector<std::string>{}, env);
  }
  void startOnSqlite(bool withSecret = true) {
    std::map<std::string, std::string> env{{"HDOC_DB", dir_.file("lambda.db")}};
    if (withSecret) env["HDOC_GITHUB_WEBHOOK_SECRET"] = kSecret;
    start(env);
  }

  json::object invoke(const std::string& event) {
    const auto id = emulator_.enqueue(event);
    const auto outcome = emulator_.waitOutcome(id, 20s);
    if (!outcome || outcome->isError) {
      ADD_FAILURE() << "no answer to " << event.substr(0, 300) << "\n"
                    << (outcome ? outcome->body : "") << (runtime_ ? runtime_->stderrText() : "");
      return {{"statusCode", 0}, {"body", "{}"}};
    }
    return json::parse(outcome->body).as_object();
  }
  static int status(const json::object& answer) {
    return static_cast<int>(answer.at("statusCode").as_int64());
  }
  static json::value body(const json::object& answer) { return json::parse(answer.at("body").as_string()); }

  // The journey: sign up, link, push Journey/001..005 on five days; the figures follow the rule.
  void journey() {
    ASSERT_EQ(
        status(invoke(asAlice("POST", "/api/users", R"({"githubProfile":"alice-cloud","name":"Alice"})"))),
        201);
    ASSERT_EQ(status(invoke(
                  asAlice("PATCH", "/api/users/alice-cloud", R"({"githubJourneyRepo":")" + kRepo + "\"}"))),
              200);
    const std::vector<std::string> stamps = {"2024-03-01T10:00:00Z", "2024-03-02T10:00:00Z",
                                             "2024-03-03T10:00:00Z", "2024-03-05T10:00:00Z",
                                             "2024-03-09T10:00:00Z"};
    for (int d = 1; d <= 5; ++d) {
      char path[32];
      std::snprintf(path, sizeof path, "Journey/%03d/Readme.md", d);
      const std::string push = pushBody(kRepo, {commitAt(stamps[d - 1], {path})});
      const auto answer = invoke(delivery(
          "push", "f000000" + std::to_string(d) + "-0000-0000-0000-000000000000", push, kSecret, d % 2 == 0));
      ASSERT_EQ(status(answer), 200) << answer.at("body").as_string();
    }
    const auto user = body(invoke(json::serialize(v2("GET", "/api/users/alice-cloud", {}, ""))));
    // Mar 1, 2, 3, 5 keep a streak (1, 2, 3, 4); Mar 9 restarts it: 2 x (1 + 2 + 3 + 4 + 1).
    EXPECT_EQ(user.at("githubScore").as_int64(), 22);
    EXPECT_EQ(user.at("githubStreak").as_int64(), 1);
    EXPECT_EQ(user.at("daysCompleted").as_int64(), 5);
    EXPECT_EQ(user.at("githubJourneyRepo").as_string(), kRepo);
    const auto board = body(invoke(json::serialize(v2("GET", "/api/leaderboard", {}, "")))).as_array();
    ASSERT_FALSE(board.empty());
    EXPECT_EQ(board[0].at("githubProfile").as_string(), "alice-cloud");
  }

  testing::TempDir dir_;
  RuntimeEmulator emulator_;
  std::unique_ptr<ChildProcess> runtime_;
};

TEST_F(GithubWebhookLambdaTest, TheJourneyOnSqlite) {
  startOnSqlite();
  journey();
}

TEST_F(GithubWebhookLambdaTest, TheJourneyOnDynamoDb) {
  const store::DynamoConfig table = hdoc::testing::DynamoDbLocal::instance().freshTable();
  start({{"databaseName", table.table},
         {"AWS_ENDPOINT_URL_DYNAMODB", table.endpoint},
         {"AWS_ACCESS_KEY_ID", table.accessKeyId},
         {"AWS_SECRET_ACCESS_KEY", table.secretAccessKey},
         {"HDOC_GITHUB_WEBHOOK_SECRET", kSecret}});
  journey();
  // What the function wrote is in the table, read back by a store of this process.
  store::DynamoStore check(table);
  EXPECT_EQ(check.listEntries("alice-cloud").size(), 5u);
  EXPECT_EQ(check.findJourneyLink(kRepo)->githubProfile, "alice-cloud");
}

TEST_F(GithubWebhookLambdaTest, PingForgeriesAndOtherEvents) {
  startOnSqlite();
  const std::string ping = testing::githubFixture("ping.json");
  auto answer = invoke(delivery("ping", "f1000000-0000-0000-0000-000000000001", ping));
  EXPECT_EQ(status(answer), 200) << answer.at("body").as_string();
  EXPECT_EQ(body(answer).at("zen").as_string(), "Keep it logically awesome.");
  answer = invoke(delivery("ping", "f1000000-0000-0000-0000-000000000002", ping, kSecret, true));
  EXPECT_EQ(status(answer), 200) << "base64-encoded by API Gateway: the signature is over the decoded bytes";
  answer = invoke(delivery("ping", "f1000000-0000-0000-0000-000000000003", ping, "not the secret"));
  EXPECT_EQ(status(answer), 401);
  EXPECT_EQ(answer.at("headers").at("Content-Type").as_string(), "application/problem+json");
  answer = invoke(delivery("ping", "f1000000-0000-0000-0000-000000000004", ping, ""));
  EXPECT_EQ(status(answer), 401);
  answer = invoke(delivery("push", "f1000000-0000-0000-0000-000000000005",
                           testing::githubFixture("push-tag-deleted.json")));
  EXPECT_EQ(status(answer), 202);
  EXPECT_TRUE(body(answer).at("ignored").as_bool());
  answer = invoke(delivery("workflow_run", "f1000000-0000-0000-0000-000000000006", "{}"));
  EXPECT_EQ(status(answer), 202);
  answer = invoke(delivery("push", "f1000000-0000-0000-0000-000000000007", "{\"ref\":"));
  EXPECT_EQ(status(answer), 400);
}

TEST_F(GithubWebhookLambdaTest, WithoutTheSecretTheRouteAnswers404) {
  startOnSqlite(false);
  const auto answer =
      invoke(delivery("ping", "f2000000-0000-0000-0000-000000000001", testing::githubFixture("ping.json")));
  EXPECT_EQ(status(answer), 404);
}

}  // namespace
}  // namespace hdoc::lambda
