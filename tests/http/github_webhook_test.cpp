// POST /webhooks/github through Api::handle on a real SQLite file: every status of the issue (200 ping
// and push summaries, 202 with the reason, 401 for the signature battery, 400, 413, 404 without a
// secret), that every refusal writes nothing, redelivery, ordering, and the profile field through the
// write API.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/date.hpp"
#include "http/api.hpp"
#include "http/github_webhook.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/github_payloads.hpp"
#include "support/temp_dir.hpp"
#include "support/user_pool.hpp"

namespace hdoc::http {
namespace {

namespace json = boost::json;
using testing::commitAt;
using testing::deliveryRequest;
using testing::githubFixture;
using testing::pushBody;
using testing::TestCommit;
using testing::UserPool;

constexpr std::string_view kSecret = "a webhook secret for the tests";
const std::string kRepo = "alice-cloud/100DaysOfCloud";
// "Today" for the API under test: 2024-03-20 12:00:00 UTC.
const std::int64_t kNow = core::daysFromCivil(2024, 3, 20) * 86400 + 12 * 3600;

class GithubWebhookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<store::SqliteStore>(dir_.file("webhook.db"));
    api_ = makeApi(std::string(kSecret));
    alice_ = pool_.idToken(UserPool::identity("sub-alice", "alice"));
  }

  std::unique_ptr<Api> makeApi(std::string secret) {
    ApiConfig config;
    config.verifier = pool_.verifier();
    config.clock = [] { return kNow; };
    config.githubWebhookSecret = std::move(secret);
    return std::make_unique<Api>(*store_, std::move(config));
  }

  Response write(const std::string& method, const std::string& target, const std::string& body) {
    Request req;
    req.method = method;
    req.target = target;
    req.headers = {{"Authorization", "Bearer " + alice_}, {"Content-Type", "application/json"}};
    req.body = body;
    return api_->handle(req);
  }

  // alice-cloud signs up through the API and links her Journey repository.
  void aliceLinks(const std::string& repo = kRepo) {
    ASSERT_EQ(write("POST", "/api/users",
                    R"({"githubProfile":"alice-cloud","name":"Alice","githubJourneyRepo":")" + repo + "\"}")
                  .status,
              201);
  }

  Response deliver(const std::string& event, const std::string& delivery, const std::string& body,
                   const std::string& secret = std::string(kSecret)) {
    return api_->handle(deliveryRequest(event, delivery, body, secret));
  }

  static json::object bodyOf(const Response& res) { return json::parse(res.body).as_object(); }

  static void expectProblem(const Response& res, int status) {
    EXPECT_EQ(res.status, status) << res.body;
    EXPECT_EQ(res.header("Content-Type"), "application/problem+json") << res.body;
    EXPECT_EQ(bodyOf(res).at("status").as_int64(), status);
  }

  // What a refusal must not have touched: the journeyer, their entries, the leaderboard.
  std::string snapshot() {
    std::string out;
    for (const std::string target : {"/api/users", "/api/users/alice-cloud/entries", "/api/leaderboard"}) {
      Request req;
      req.method = "GET";
      req.target = target;
      out += api_->handle(req).body + "\n";
    }
    return out;
  }

  testing::TempDir dir_;
  UserPool pool_;
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<Api> api_;
  std::string alice_;
};

TEST_F(GithubWebhookTest, ThePingOfANewWebhookIsAnswered) {
  const auto res = deliver("ping", "10000000-0000-0000-0000-000000000001", githubFixture("ping.json"));
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(res.header("Cache-Control"), "no-store");
  const auto body = bodyOf(res);
  EXPECT_EQ(body.at("event").as_string(), "ping");
  EXPECT_EQ(body.at("zen").as_string(), "Keep it logically awesome.");
  EXPECT_EQ(body.at("hookId").as_int64(), 471234567);
  EXPECT_EQ(body.at("delivery").as_string(), "10000000-0000-0000-0000-000000000001");
}

TEST_F(GithubWebhookTest, APushOfTheFirstDayScoresIt) {
  aliceLinks();
  const std::string body = githubFixture("push-journey-day1.json");
  const auto res = deliver("push", "20000000-0000-0000-0000-000000000001", body);
  ASSERT_EQ(res.status, 200) << res.body;
  const auto summary = bodyOf(res);
  EXPECT_EQ(summary.at("journeyer").as_string(), "alice-cloud");
  EXPECT_EQ(summary.at("repository").as_string(), kRepo);
  EXPECT_FALSE(summary.at("redelivered").as_bool());
  const auto& added = summary.at("daysAdded").as_array();
  ASSERT_EQ(added.size(), 1u);
  EXPECT_EQ(added[0].at("day").as_int64(), 1);
  EXPECT_EQ(added[0].at("platform").as_string(), "github");
  EXPECT_EQ(added[0].at("date").as_string(), "2024-03-02");  // 21:15 at UTC-8 on March 1st
  EXPECT_EQ(added[0].at("url").as_string(),
            "https://github.com/alice-cloud/100DaysOfCloud/commit/3c2e1f8b7a6d5c4b3a29180f7e6d5c4b3a291800");
  EXPECT_TRUE(added[0].at("verified").as_bool());
  EXPECT_TRUE(summary.at("daysAlreadyPresent").as_array().empty());
  const auto& ignored = summary.at("pathsIgnored").as_array();
  ASSERT_EQ(ignored.size(), 1u);
  EXPECT_EQ(ignored[0].at("path").as_string(), "README.md");
  EXPECT_NE(ignored[0].at("reason").as_string().find("Journey/001/"), std::string::npos);
  EXPECT_EQ(summary.at("pathsIgnoredNotListed").as_int64(), 0);

  Request get;
  get.method = "GET";
  get.target = "/api/users/alice-cloud";
  const auto user = json::parse(api_->handle(get).body);
  EXPECT_EQ(user.at("githubScore").as_int64(), 2);
  EXPECT_EQ(user.at("githubStreak").as_int64(), 1);
  EXPECT_EQ(user.at("daysCompleted").as_int64(), 1);
  EXPECT_EQ(user.at("githubJourneyRepo").as_string(), kRepo);
}

TEST_F(GithubWebhookTest, ARedeliveryChangesNothingAndSaysSo) {
  aliceLinks();
  const std::string body = githubFixture("push-journey-day1.json");
  ASSERT_EQ(deliver("push", "30000000-0000-0000-0000-000000000001", body).status, 200);
  const std::string before = snapshot();
  const auto again = deliver("push", "30000000-0000-0000-0000-000000000001", body);
  ASSERT_EQ(again.status, 200) << again.body;
  const auto summary = bodyOf(again);
  EXPECT_TRUE(summary.at("redelivered").as_bool());
  EXPECT_TRUE(summary.at("daysAdded").as_array().empty());
  EXPECT_EQ(summary.at("daysAlreadyPresent").as_array().size(), 1u);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(GithubWebhookTest, EverySignatureThatIsNotGithubsIsRefusedAndWritesNothing) {
  aliceLinks();
  const std::string body = pushBody(kRepo, {commitAt("2024-03-01T10:00:00Z", {"Journey/001/Readme.md"})});
  const std::string good = testing::signGithub(std::string(kSecret), body);
  const std::string hex = good.substr(7);
  std::string upper = hex;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string before = snapshot();
  struct Case {
    std::string name;
    std::optional<std::string> signature;  // nullopt: no X-Hub-Signature-256 header
    std::string body;
    std::optional<std::string> sha1;  // an X-Hub-Signature (SHA-1) header
  };
  const std::vector<Case> cases = {
      {"missing", std::nullopt, body, std::nullopt},
      {"empty", "", body, std::nullopt},
      {"wrong secret", testing::signGithub("another secret", body), body, std::nullopt},
      {"sha1= only", std::nullopt, body, "sha1=7d38cdd689735b008b3c702edd92eea23791c5f6"},
      {"sha1= in the sha256 header", "sha1=7d38cdd689735b008b3c702edd92eea23791c5f6", body, std::nullopt},
      {"truncated hex", "sha256=" + hex.substr(0, 40), body, std::nullopt},
      {"upper-case hex", "sha256=" + upper, body, std::nullopt},
      {"body changed after signing", good, body + " ", std::nullopt},
      {"body changed inside", good, std::string(body).replace(body.find("Journey/001"), 11, "Journey/002"),
       std::nullopt},
  };
  for (const auto& c : cases) {
    Request req = deliveryRequest("push", "40000000-0000-0000-0000-000000000001", c.body, "");
    if (c.signature) req.headers.push_back({"X-Hub-Signature-256", *c.signature});
    if (c.sha1) req.headers.push_back({"X-Hub-Signature", *c.sha1});
    const auto res = api_->handle(req);
    expectProblem(res, 401);
    EXPECT_EQ(res.header("WWW-Authenticate"), "X-Hub-Signature-256") << c.name;
    EXPECT_EQ(snapshot(), before) << c.name;
  }
  // The right signature with the same delivery id applies: no refusal recorded the delivery.
  const auto ok = deliver("push", "40000000-0000-0000-0000-000000000001", body);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(bodyOf(ok).at("daysAdded").as_array().size(), 1u);
}

TEST_F(GithubWebhookTest, WithoutASecretTheRouteIsNotThere) {
  api_ = makeApi("");
  aliceLinks();
  const std::string before = snapshot();
  const std::string body = githubFixture("push-journey-day1.json");
  for (const std::string secret : {"", "anything"}) {
    const auto res = deliver("push", "50000000-0000-0000-0000-000000000001", body, secret);
    expectProblem(res, 404);
  }
  EXPECT_EQ(snapshot(), before);
  // The route itself is still in the table: other methods get 405.
  Request get;
  get.method = "GET";
  get.target = "/webhooks/github";
  EXPECT_EQ(api_->handle(get).status, 405);
}

TEST_F(GithubWebhookTest, BodiesOverOneMebibyteAre413) {
  aliceLinks();
  const std::string before = snapshot();
  auto payload = testing::pushPayload(kRepo, {commitAt("2024-03-01T10:00:00Z", {"Journey/001/Readme.md"})});
  payload["padding"] = std::string(kMaxWebhookBodyBytes, 'x');
  const auto res = deliver("push", "60000000-0000-0000-0000-000000000001", json::serialize(payload));
  expectProblem(res, 413);
  EXPECT_EQ(snapshot(), before);
  // Exactly the limit is fine.
  payload["padding"] = "";
  const std::size_t rest = kMaxWebhookBodyBytes - json::serialize(payload).size();
  payload["padding"] = std::string(rest, 'x');
  const std::string nearly = json::serialize(payload);
  ASSERT_EQ(nearly.size(), kMaxWebhookBodyBytes);
  EXPECT_EQ(deliver("push", "60000000-0000-0000-0000-000000000002", nearly).status, 200);
}

TEST_F(GithubWebhookTest, MalformedDeliveriesAre400AndWriteNothing) {
  aliceLinks();
  const std::string before = snapshot();
  const std::string good = githubFixture("push-journey-day1.json");
  auto wrongShape = json::parse(good).as_object();
  wrongShape["commits"].as_array()[0].as_object()["timestamp"] = "March 1st";
  wrongShape.erase("ref");
  struct Case {
    std::string name, event, delivery, body, contentType, invalidParam;
  };
  const std::vector<Case> cases = {
      {"not JSON", "push", "70000000-0000-0000-0000-000000000001", "{\"ref\":", "application/json", "(body)"},
      {"not an object", "push", "70000000-0000-0000-0000-000000000002", "[]", "application/json", "(body)"},
      {"wrong shape", "push", "70000000-0000-0000-0000-000000000003", json::serialize(wrongShape),
       "application/json", "commits[0].timestamp"},
      {"form-encoded", "push", "70000000-0000-0000-0000-000000000004", "payload=%7B%7D",
       "application/x-www-form-urlencoded", "Content-Type"},
      {"no event", "", "70000000-0000-0000-0000-000000000005", good, "application/json", "X-GitHub-Event"},
      {"no delivery", "push", "", good, "application/json", "X-GitHub-Delivery"},
      {"odd delivery", "push", "../../etc", good, "application/json", "X-GitHub-Delivery"},
      {"ping without zen", "ping", "70000000-0000-0000-0000-000000000006", R"({"hook_id":1,"hook":{}})",
       "application/json", "zen"},
  };
  for (const auto& c : cases) {
    Request req = deliveryRequest(c.event, c.delivery, c.body, std::string(kSecret));
    for (auto& h : req.headers) {
      if (h.name == "Content-Type") h.value = c.contentType;
    }
    std::erase_if(req.headers, [](const Header& h) { return h.value.empty(); });
    const auto res = api_->handle(req);
    expectProblem(res, 400);
    bool named = false;
    const auto problemBody = bodyOf(res);
    for (const auto& p : problemBody.at("invalid-params").as_array())
      named |= p.at("name").as_string() == c.invalidParam;
    EXPECT_TRUE(named) << c.name << ": " << res.body;
    EXPECT_EQ(snapshot(), before) << c.name;
  }
}

TEST_F(GithubWebhookTest, PushesThatScoreNothingAre202WithTheReason) {
  aliceLinks();
  // Linked (by a store write the API would refuse) to a journeyer who is not the repository's owner.
  core::User mallory;
  mallory.id = "mmmmm";
  mallory.githubProfile = "mallory";
  mallory.dateJoined = "2024-01-01T00:00:00Z";
  mallory.githubJourneyRepo = "victim/journey";
  store_->upsertUsers(std::vector<core::User>{mallory});
  const std::string before = snapshot();
  const std::vector<TestCommit> day1 = {commitAt("2024-03-01T10:00:00Z", {"Journey/001/Readme.md"})};
  auto fork = testing::pushPayload(kRepo, day1);
  fork["repository"].as_object()["fork"] = true;
  struct Case {
    std::string name, event, body, reason;
  };
  const std::vector<Case> cases = {
      {"deleted tag", "push", githubFixture("push-tag-deleted.json"), "deleted refs/tags/day-1"},
      {"tag", "push", pushBody(kRepo, day1, "refs/tags/day-1"), "not a branch"},
      {"other branch", "push", pushBody(kRepo, day1, "refs/heads/draft"),
       "not the default branch refs/heads/main"},
      {"default branch renamed", "push", pushBody(kRepo, day1, "refs/heads/main", "trunk"),
       "not the default branch refs/heads/trunk"},
      {"fork", "push", json::serialize(fork), "is a fork"},
      {"unlinked repository", "push", pushBody("alice-cloud/another-repo", day1),
       "not linked to any journeyer"},
      {"someone else's repository", "push", pushBody("victim/journey", day1), "is not the journeyer mallory"},
      {"another event", "issues", R"({"action":"opened"})", "push events only"},
      {"another event, not even JSON", "star", "not json", "star is ignored"},
  };
  for (const auto& c : cases) {
    const auto res = deliver(c.event, "80000000-0000-0000-0000-000000000001", c.body);
    ASSERT_EQ(res.status, 202) << c.name << ": " << res.body;
    EXPECT_EQ(res.header("Content-Type"), "application/json; charset=utf-8") << c.name;
    const auto body = bodyOf(res);
    EXPECT_TRUE(body.at("ignored").as_bool()) << c.name;
    EXPECT_NE(body.at("reason").as_string().find(c.reason), std::string::npos) << c.name << ": " << res.body;
    EXPECT_EQ(body.at("event").as_string(), c.event);
    EXPECT_FALSE(body.contains("status")) << "a 202 is no problem document: " << res.body;
    EXPECT_EQ(snapshot(), before) << c.name;
  }
  EXPECT_TRUE(store_->listEntries("mallory").empty());
}

TEST_F(GithubWebhookTest, CommitsOfSeveralDaysOutOfOrderScoreAsTheRuleSays) {
  aliceLinks();
  // One push with three days, listed out of order, and a later push that repeats day 2 and adds day 4.
  const auto first = deliver("push", "90000000-0000-0000-0000-000000000001",
                             pushBody(kRepo, {commitAt("2024-03-03T08:00:00Z", {"Journey/003/Readme.md"}),
                                              commitAt("2024-03-01T08:00:00Z", {"Journey/001/Readme.md"}),
                                              commitAt("2024-03-02T08:00:00Z", {"Journey/002/Readme.md"})}));
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(bodyOf(first).at("daysAdded").as_array().size(), 3u);
  const auto second =
      deliver("push", "90000000-0000-0000-0000-000000000002",
              pushBody(kRepo, {commitAt("2024-03-09T08:00:00Z", {}, {"Journey/002/Readme.md"}),
                               commitAt("2024-03-05T08:00:00Z", {"Journey/004/Readme.md"})}));
  ASSERT_EQ(second.status, 200) << second.body;
  const auto summary = bodyOf(second);
  ASSERT_EQ(summary.at("daysAdded").as_array().size(), 1u);
  EXPECT_EQ(summary.at("daysAdded").as_array()[0].at("day").as_int64(), 4);
  ASSERT_EQ(summary.at("daysAlreadyPresent").as_array().size(), 1u);
  EXPECT_EQ(summary.at("daysAlreadyPresent").as_array()[0].at("date").as_string(), "2024-03-02");
  Request get;
  get.method = "GET";
  get.target = "/api/users/alice-cloud";
  const auto user = json::parse(api_->handle(get).body);
  // Mar 1, 2, 3, 5: streaks 1, 2, 3, 4 -> 2 x 10.
  EXPECT_EQ(user.at("githubScore").as_int64(), 20);
  EXPECT_EQ(user.at("githubStreak").as_int64(), 4);
  EXPECT_EQ(user.at("daysCompleted").as_int64(), 4);
}

TEST_F(GithubWebhookTest, TheProfileFieldIsValidatedAndNullUnlinks) {
  auto refused = write("POST", "/api/users",
                       R"({"githubProfile":"alice-cloud","name":"Alice","githubJourneyRepo":"bob/journey"})");
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_NE(refused.body.find("githubJourneyRepo"), std::string::npos);
  for (const char* bad : {R"("alice-cloud")", R"("alice-cloud/")", R"("alice-cloud/a b")", R"(7)", R"("")"}) {
    const auto res = write(
        "POST", "/api/users",
        std::string(R"({"githubProfile":"alice-cloud","name":"Alice","githubJourneyRepo":)") + bad + "}");
    EXPECT_EQ(res.status, 400) << bad << ": " << res.body;
  }
  Request get;
  get.method = "GET";
  get.target = "/api/users/alice-cloud";
  EXPECT_EQ(api_->handle(get).status, 404) << "nothing written by the refusals";
  aliceLinks("Alice-Cloud/100DaysOfCloud");  // the owner ignoring ASCII case
  EXPECT_EQ(json::parse(api_->handle(get).body).at("githubJourneyRepo").as_string(),
            "Alice-Cloud/100DaysOfCloud");
  auto patched = write("PATCH", "/api/users/alice-cloud", R"({"githubJourneyRepo":"alice-cloud/journey-2"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(json::parse(patched.body).at("githubJourneyRepo").as_string(), "alice-cloud/journey-2");
  EXPECT_EQ(write("PATCH", "/api/users/alice-cloud", R"({"githubJourneyRepo":"bob/journey"})").status, 400);
  patched = write("PATCH", "/api/users/alice-cloud", R"({"githubJourneyRepo":null})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_FALSE(json::parse(patched.body).as_object().contains("githubJourneyRepo"));
  // Unlinked: pushes to it score nothing any more.
  const auto res = deliver(
      "push", "a0000000-0000-0000-0000-000000000001",
      pushBody("alice-cloud/journey-2", {commitAt("2024-03-01T10:00:00Z", {"Journey/001/Readme.md"})}));
  EXPECT_EQ(res.status, 202) << res.body;
}

TEST(GithubWebhookBodyLimit, OnlyTheWebhookRouteTakesLargeBodies) {
  EXPECT_EQ(requestBodyLimit("/webhooks/github", 64), kMaxWebhookBodyBytes);
  EXPECT_EQ(requestBodyLimit("/api/webhooks/github/", 64), kMaxWebhookBodyBytes);
  EXPECT_EQ(requestBodyLimit("/api/webhooks/github?x=1", 64), kMaxWebhookBodyBytes);
  EXPECT_EQ(requestBodyLimit("/api/users", 64), 64u);
  EXPECT_EQ(requestBodyLimit("/webhooks/github/x", 64), 64u);
  EXPECT_EQ(requestBodyLimit("not a target", 64), 64u);
}

}  // namespace
}  // namespace hdoc::http
