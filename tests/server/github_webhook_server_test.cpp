// POST /webhooks/github through the real Beast server on a loopback socket: signed deliveries built from
// GitHub's documented payloads, the 1 MiB body limit of that route (and only that route), signatures
// made by `openssl dgst` as the README shows, and the end-to-end journey of the issue on both stores:
// link the repository, push Journey/001..005 on five days, and the leaderboard follows the scoring rule.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/date.hpp"
#include "http/github_webhook.hpp"
#include "store/dynamodb/dynamodb_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/dynamodb_local.hpp"
#include "support/github_payloads.hpp"
#include "support/http_client.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"
#include "support/test_server.hpp"
#include "support/user_pool.hpp"

namespace hdoc::server {
namespace {

namespace json = boost::json;
using testing::commitAt;
using testing::deliveryHeaders;
using testing::HttpConnection;
using testing::httpRequest;
using testing::pushBody;
using testing::UserPool;

const std::string kSecret = "It's a Secret to Everybody";
const std::string kRepo = "alice-cloud/100DaysOfCloud";

struct StoreKind {
  std::string name;
  std::function<std::shared_ptr<store::Store>(testing::TempDir&)> make;
};

void PrintTo(const StoreKind& kind, std::ostream* os) {
  *os << kind.name;
}

class GithubWebhookServerTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  void SetUp() override {
    store_ = GetParam().make(dir_);
    http::ApiConfig config;
    config.verifier = pool_.verifier();
    config.githubWebhookSecret = kSecret;
    server_ = std::make_unique<testing::TestServer>(*store_, config);
    alice_ = pool_.idToken(UserPool::identity("sub-alice", "alice"));
  }

  unsigned short port() const { return server_->port(); }

  testing::HttpResponse deliver(const std::string& event, const std::string& delivery,
                                const std::string& body, const std::string& target = "/api/webhooks/github") {
    return httpRequest(port(), "POST", target, deliveryHeaders(event, delivery, body, kSecret), body);
  }

  json::value get(const std::string& target) {
    const auto res = httpRequest(port(), "GET", target);
    EXPECT_EQ(res.status, 200) << target << ": " << res.body;
    return json::parse(res.body);
  }

  testing::TempDir dir_;
  UserPool pool_;
  std::shared_ptr<store::Store> store_;
  std::unique_ptr<testing::TestServer> server_;
  std::string alice_;
};

TEST_P(GithubWebhookServerTest, LinkPushFiveDaysAndTheLeaderboardFollowsTheScoringRule) {
  const auto signup =
      httpRequest(port(), "POST", "/api/users",
                  {{"Authorization", "Bearer " + alice_}, {"Content-Type", "application/json"}},
                  R"({"githubProfile":"alice-cloud","name":"Alice"})");
  ASSERT_EQ(signup.status, 201) << signup.body;
  const auto link = httpRequest(port(), "PATCH", "/api/users/alice-cloud",
                                {{"Authorization", "Bearer " + alice_}, {"Content-Type", "application/json"}},
                                R"({"githubJourneyRepo":"alice-cloud/100DaysOfCloud"})");
  ASSERT_EQ(link.status, 200) << link.body;
  // A rival with imported figures: 2 x (1 + 2 + 3) + 5 = 17 points.
  core::User rival;
  rival.id = "rival";
  rival.githubProfile = "rival";
  rival.dateJoined = "2024-01-01T00:00:00Z";
  rival.githubScore = 12;
  rival.twitterScore = 5;
  store_->upsertUsers(std::vector<core::User>{rival});

  // Journey/001..005 pushed on Mar 1, 2, 3, 5 and 9 (one push a day, the way the challenge goes), at
  // local times whose UTC date is the one named.
  const std::vector<std::string> stamps = {"2024-03-01T09:00:00+01:00", "2024-03-02T23:30:00Z",
                                           "2024-03-02T20:00:00-05:00", "2024-03-05T12:00:00Z",
                                           "2024-03-09T07:45:00+00:00"};
  // The rule (README, "Scoring"): streaks 1, 2, 3, 4 (Mar 3 -> 5 is 2 days), then Mar 9 is 4 days
  // after Mar 5 and restarts at 1. GitHub weighs 2: score after each push, and the streak.
  const std::vector<std::pair<int, int>> expected = {{2, 1}, {6, 2}, {12, 3}, {20, 4}, {22, 1}};
  for (int d = 1; d <= 5; ++d) {
    char path[32];
    std::snprintf(path, sizeof path, "Journey/%03d/Readme.md", d);
    const std::string body = pushBody(kRepo, {commitAt(stamps[d - 1], {path}, {"README.md"})});
    const auto res = deliver("push", "b000000" + std::to_string(d) + "-0000-0000-0000-000000000000", body);
    ASSERT_EQ(res.status, 200) << res.body;
    const auto user = get("/api/users/alice-cloud");
    EXPECT_EQ(user.at("githubScore").as_int64(), expected[d - 1].first) << "after day " << d;
    EXPECT_EQ(user.at("githubStreak").as_int64(), expected[d - 1].second) << "after day " << d;
    EXPECT_EQ(user.at("daysCompleted").as_int64(), d);
    // Behind the rival until the fourth push (20 > 17).
    const auto board = get("/api/leaderboard?limit=2").as_array();
    ASSERT_EQ(board.size(), 2u);
    EXPECT_EQ(board[0].at("githubProfile").as_string(), d >= 4 ? "alice-cloud" : "rival")
        << "after day " << d;
  }
  const auto entries = get("/api/users/alice-cloud/entries").as_array();
  ASSERT_EQ(entries.size(), 5u);
  std::vector<std::string> dates;
  for (const auto& e : entries) dates.emplace_back(e.at("date").as_string());
  EXPECT_EQ(dates,
            (std::vector<std::string>{"2024-03-01", "2024-03-02", "2024-03-03", "2024-03-05", "2024-03-09"}));
  // Redelivering them all changes nothing.
  for (int d = 1; d <= 5; ++d) {
    char path[32];
    std::snprintf(path, sizeof path, "Journey/%03d/Readme.md", d);
    const auto res = deliver("push", "b000000" + std::to_string(d) + "-0000-0000-0000-000000000000",
                             pushBody(kRepo, {commitAt(stamps[d - 1], {path}, {"README.md"})}));
    ASSERT_EQ(res.status, 200);
    EXPECT_TRUE(json::parse(res.body).at("redelivered").as_bool());
  }
  EXPECT_EQ(get("/api/users/alice-cloud").at("githubScore").as_int64(), 22);
}

TEST_P(GithubWebhookServerTest, AnswersThePingAtBothPrefixes) {
  for (const std::string target : {"/webhooks/github", "/api/webhooks/github", "/api/webhooks/github/"}) {
    const auto res =
        deliver("ping", "c0000000-0000-0000-0000-000000000001", testing::githubFixture("ping.json"), target);
    EXPECT_EQ(res.status, 200) << target << ": " << res.body;
    EXPECT_EQ(res.header("Content-Type"), "application/json; charset=utf-8");
  }
}

INSTANTIATE_TEST_SUITE_P(
    Stores, GithubWebhookServerTest,
    ::testing::Values(StoreKind{"Sqlite",
                                [](testing::TempDir& dir) -> std::shared_ptr<store::Store> {
                                  return std::make_shared<store::SqliteStore>(dir.file("w.db"));
                                }},
                      StoreKind{"DynamoDb",
                                [](testing::TempDir&) -> std::shared_ptr<store::Store> {
                                  return std::make_shared<store::DynamoStore>(
                                      testing::DynamoDbLocal::instance().freshTable());
                                }}),
    [](const auto& info) { return info.param.name; });

class GithubWebhookSocketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<store::SqliteStore>(dir_.file("socket.db"));
    http::ApiConfig config;
    config.githubWebhookSecret = kSecret;
    server_ = std::make_unique<testing::TestServer>(*store_, config);
  }
  testing::TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<testing::TestServer> server_;
};

TEST_F(GithubWebhookSocketTest, TheWebhookTakesBodiesUpToOneMebibyteAndNoOtherRouteDoes) {
  // 300 KiB of push (a big push's file lists), well over the 64 KiB of the other routes.
  std::vector<std::string> files;
  for (int i = 0; files.size() * 30 < 300 * 1024; ++i)
    files.push_back("assets/screenshot-" + std::to_string(i) + ".png");
  const std::string big = pushBody(kRepo, {commitAt("2024-03-01T10:00:00Z", files)});
  ASSERT_GT(big.size(), 300u * 1024);
  const auto accepted =
      httpRequest(server_->port(), "POST", "/api/webhooks/github",
                  deliveryHeaders("push", "d0000000-0000-0000-0000-000000000001", big, kSecret), big);
  EXPECT_EQ(accepted.status, 202) << accepted.body;  // not linked: understood and ignored
  // Over 1 MiB: refused at the socket from the Content-Length alone.
  {
    HttpConnection conn(server_->port());
    conn.send(
        "POST /api/webhooks/github HTTP/1.1\r\nHost: x\r\nContent-Type: "
        "application/json\r\nContent-Length: " +
        std::to_string(http::kMaxWebhookBodyBytes + 1) + "\r\n\r\n{");
    const auto res = conn.read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 413);
    EXPECT_EQ(res->header("Content-Type"), "application/problem+json");
  }
  // Other routes keep 64 KiB, announced or chunked.
  {
    HttpConnection conn(server_->port());
    conn.send("POST /api/users HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{");
    const auto res = conn.read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 413);
  }
  {
    HttpConnection conn(server_->port());
    std::string chunked =
        "POST /api/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: "
        "chunked\r\n\r\n";
    for (int i = 0; i < 10; ++i) chunked += "2800\r\n" + std::string(0x2800, ' ') + "\r\n";  // 100 KiB
    chunked += "0\r\n\r\n";
    conn.send(chunked);
    const auto res = conn.read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 413);
  }
  // A chunked delivery over 64 KiB reaches the webhook.
  {
    HttpConnection conn(server_->port());
    std::string req =
        "POST /webhooks/github HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n";
    for (const auto& [name, value] :
         deliveryHeaders("push", "d0000000-0000-0000-0000-000000000002", big, kSecret)) {
      req += name + ": " + value + "\r\n";
    }
    req += "\r\n";
    for (std::size_t at = 0; at < big.size(); at += 50000) {
      const std::string part = big.substr(at, 50000);
      char size[16];
      std::snprintf(size, sizeof size, "%zx", part.size());
      req += std::string(size) + "\r\n" + part + "\r\n";
    }
    req += "0\r\n\r\n";
    conn.send(req);
    const auto res = conn.read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 202) << res->body;
  }
}

// The README's recipe: `openssl dgst -sha256 -hmac SECRET` over the body gives the header GitHub sends.
TEST_F(GithubWebhookSocketTest, ASignatureMadeWithOpensslDgstIsAccepted) {
  const std::string body = testing::githubFixture("ping.json");
  const auto dgst = testing::runCommand({"/usr/bin/openssl", "dgst", "-sha256", "-hmac", kSecret}, body);
  ASSERT_EQ(dgst.exitCode, 0) << dgst.err;
  // "SHA2-256(stdin)= <hex>" (OpenSSL 3) or "(stdin)= <hex>": the hex is after the last space.
  std::string hex = dgst.out.substr(dgst.out.rfind(' ') + 1);
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r')) hex.pop_back();
  ASSERT_EQ(hex.size(), 64u) << dgst.out;
  auto headers = deliveryHeaders("ping", "e0000000-0000-0000-0000-000000000001", body, "");
  headers["X-Hub-Signature-256"] = "sha256=" + hex;
  EXPECT_EQ(httpRequest(server_->port(), "POST", "/api/webhooks/github", headers, body).status, 200);
  headers["X-Hub-Signature-256"] = "sha256=" + std::string(64, '0');
  EXPECT_EQ(httpRequest(server_->port(), "POST", "/api/webhooks/github", headers, body).status, 401);
}

}  // namespace
}  // namespace hdoc::server
