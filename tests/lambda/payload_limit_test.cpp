// Lambda's 6 MB response payload (6,291,556 bytes, which the Runtime API emulator enforces with 413
// as Lambda does): a full page of the API's 4 MiB budget fits however its JSON escapes, and walking
// the pages through the real binary returns every journeyer.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "core/base64.hpp"
#include "http/message.hpp"
#include "lambda/apigw_event.hpp"
#include "lambda_test_support.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/child_process.hpp"
#include "support/hdoc_process.hpp"
#include "support/runtime_emulator.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::lambda {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

TEST(EncodeResponse, QuoteHeavyJsonTravelsBase64WhenThatIsShorter) {
  http::Response res;
  res.body = "[\"" + std::string(3'000'000, '"') + "\"]";  // every byte escapes to two
  res.set("Content-Type", "application/json; charset=utf-8");
  const std::string payload = encodeResponse(res, PayloadFormat::V2);
  EXPECT_LE(payload.size(), kMaxResponsePayload);
  const auto out = json::parse(payload).as_object();
  EXPECT_TRUE(out.at("isBase64Encoded").as_bool());
  EXPECT_EQ(core::base64Decode(out.at("body").as_string()), res.body);
  // Ordinary JSON stays text (readable in logs and test tools).
  res.body = R"([{"githubProfile":"fdurham0"}])";
  int sent = 0;
  EXPECT_FALSE(json::parse(encodeResponse(res, PayloadFormat::V2, &sent)).at("isBase64Encoded").as_bool());
  EXPECT_EQ(sent, 200);
}

TEST(EncodeResponse, AnAnswerThatCannotFitIsA500ProblemNotAPayloadLambdaWouldDrop) {
  http::Response res;
  res.body = std::string(kMaxResponsePayload, 'x');
  for (const auto format : {PayloadFormat::V1, PayloadFormat::V2}) {
    int sent = 0;
    const std::string payload = encodeResponse(res, format, &sent);
    EXPECT_LE(payload.size(), kMaxResponsePayload);
    const auto out = json::parse(payload).as_object();
    EXPECT_EQ(out.at("statusCode").as_int64(), 500);
    EXPECT_EQ(sent, 500) << "the access log and the metrics must count the 500 the client gets";
    EXPECT_NE(std::string(out.at("body").as_string()).find("6 MB"), std::string::npos);
  }
}

class PayloadLimitTest : public ::testing::Test {
 protected:
  // 1,500 journeyers whose bios are 2,000 quotes: each user is ~4.3 KB of JSON and twice that once
  // escaped, so a 4 MiB page would be ~8 MB as JSON text inside the payload.
  static void SetUpTestSuite() {
    db_ = new testing::TempDir;
    store::SqliteStore store(db_->file("quotes.db"));
    std::vector<core::User> users;
    for (int i = 0; i < 1500; ++i) {
      core::User u;
      u.id = "q" + std::to_string(i);
      u.name = "Quote " + std::to_string(i);
      u.githubProfile = "quote" + std::to_string(i);
      u.avatarImage = "https://example.com/a.png";
      u.dateJoined = "2021-01-01T00:00:00Z";
      u.bio = std::string(2000, '"');
      users.push_back(std::move(u));
    }
    store.upsertUsers(users);
  }
  static void TearDownTestSuite() {
    delete db_;
    db_ = nullptr;
  }

  void SetUp() override {
    runtime_ = std::make_unique<testing::ChildProcess>(
        testing::runtimeBinary(), std::vector<std::string>{},
        std::map<std::string, std::string>{{"AWS_LAMBDA_RUNTIME_API", emulator_.endpoint()},
                                           {"HDOC_DB", db_->file("quotes.db")},
                                           {"AWS_REGION", "us-east-1"}});
  }

  // The proxy response to GET `target`, from an event without Accept-Encoding (nothing compressed).
  json::object get(const std::string& target) {
    const auto q = target.find('?');
    auto event = json::parse(
        testing::v2Event("GET", target.substr(0, q), q == std::string::npos ? "" : target.substr(q + 1)));
    event.as_object()["headers"].as_object().erase("accept-encoding");
    const auto id = emulator_.enqueue(json::serialize(event));
    const auto outcome = emulator_.waitOutcome(id, 20s);
    if (!outcome) {
      ADD_FAILURE() << "no answer (a payload over 6 MB is refused with 413) to " << target << "\n"
                    << runtime_->stderrText();
      return {};
    }
    EXPECT_FALSE(outcome->isError) << outcome->body.substr(0, 500);
    EXPECT_LE(outcome->body.size(), kMaxResponsePayload);
    return json::parse(outcome->body).as_object();
  }

  static std::string bodyOf(const json::object& answer) {
    std::string body(answer.at("body").as_string());
    if (answer.at("isBase64Encoded").as_bool()) body = core::base64Decode(body).value_or("");
    return body;
  }

  inline static testing::TempDir* db_ = nullptr;
  testing::RuntimeEmulator emulator_;
  std::unique_ptr<testing::ChildProcess> runtime_;
};

TEST_F(PayloadLimitTest, FullPagesOfQuoteHeavyJsonFitAndAWalkReturnsEveryone) {
  std::string target = "/api/users";
  std::size_t users = 0, pages = 0, largest = 0;
  while (!target.empty() && pages < 10) {
    const auto answer = get(target);
    ASSERT_EQ(answer.at("statusCode").as_int64(), 200) << target;
    const std::string body = bodyOf(answer);
    largest = std::max(largest, body.size());
    EXPECT_LE(body.size(), 4u * 1024 * 1024);
    users += json::parse(body).as_array().size();
    ++pages;
    target.clear();
    const auto& headers = answer.at("headers").as_object();
    if (const auto* link = headers.if_contains("Link")) {
      const std::string value(link->as_string());
      target = value.substr(1, value.find('>') - 1);
    }
  }
  EXPECT_EQ(users, 1500u);
  EXPECT_EQ(pages, 2u);
  EXPECT_GT(largest, 4'000'000u);  // the first page was really full
}

}  // namespace
}  // namespace hdoc::lambda
