// The real hdoc binary as a Lambda custom runtime, driven through the Runtime API emulator with
// recorded API Gateway events of both payload formats. Every answer is checked against the same
// request served in-process by http::Api on the same database (so the Lambda host adds nothing
// and loses nothing) and, for the routes the frontend relies on, against the fixture data itself.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <thread>

#include "core/base64.hpp"
#include "core/text.hpp"
#include "http/api.hpp"
#include "lambda/apigw_event.hpp"
#include "lambda_test_support.hpp"
#include "store/factory.hpp"
#include "support/child_process.hpp"
#include "support/content_coding.hpp"
#include "support/hdoc_process.hpp"
#include "support/runtime_emulator.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::lambda {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;
using testing::ChildProcess;
using testing::RuntimeEmulator;
using testing::TempDir;
using testing::v1Event;
using testing::v2Event;

using testing::runtimeBinary;

// One fixture-imported SQLite file for the whole suite, made by the binary's own import command.
class BootstrapTest : public ::testing::Test {
 protected:
  // The frontend fixtures (tests/fixtures/frontend-mock), imported once for the suite.
  static void SetUpTestSuite() {
    const fs::path fixtures = HDOC_FIXTURES_DIR;
    dir_ = std::make_unique<TempDir>();
    dbPath_ = dir_->file("hdoc.db");
    std::vector<std::vector<std::string>> commands;
    for (const std::string kind : {"users", "articles"}) {
      commands.push_back({"import", kind, (fixtures / (kind + ".json")).string(), "--db", dbPath_});
    }
    for (const auto& args : commands) {
      ChildProcess command(testing::hdocBinary(), args, {});
      const auto rc = command.waitExit(60s);
      ASSERT_TRUE(rc.has_value() && *rc == 0) << command.stderrText();
    }
  }
  static void TearDownTestSuite() { dir_.reset(); }

  void SetUp() override {
    ASSERT_FALSE(dbPath_.empty());
    store::StoreOptions options;
    options.sqlitePath = dbPath_;
    referenceStore_ = store::openStore(options);
    reference_ = std::make_unique<http::Api>(*referenceStore_, http::ApiConfig{});
  }

  // Starts the binary as Lambda starts `bootstrap`: no arguments, a clean environment.
  std::unique_ptr<ChildProcess> startRuntime(std::map<std::string, std::string> env = {},
                                             std::vector<std::string> args = {}) {
    env.emplace("AWS_LAMBDA_RUNTIME_API", emulator_.endpoint());
    env.emplace("HDOC_DB", dbPath_);
    env.emplace("AWS_LAMBDA_FUNCTION_NAME", "hdoc-backend-dev-Function");
    env.emplace("AWS_REGION", "us-east-1");
    return std::make_unique<ChildProcess>(runtimeBinary(), args, env);
  }

  // Sends one event and returns the proxy response the runtime posted.
  json::object invoke(const std::string& event) {
    const auto id = emulator_.enqueue(event);
    const auto outcome = emulator_.waitOutcome(id, 10s);
    if (!outcome) {
      ADD_FAILURE() << "no answer to " << event << "\nstderr:\n" << (runtime_ ? runtime_->stderrText() : "");
      return {};
    }
    if (outcome->isError) {
      ADD_FAILURE() << "invocation error " << outcome->body;
      return {};
    }
    return json::parse(outcome->body).as_object();
  }

  // Checks the Lambda answer equals what http::Api answers for the same request in-process.
  void expectSameAsInProcess(const std::string& event, const json::object& answer) {
    const http::Response expected = reference_->handle(decodeEvent(event).request);
    ASSERT_TRUE(answer.contains("statusCode")) << json::serialize(answer);
    EXPECT_EQ(answer.at("statusCode").as_int64(), expected.status) << event;
    // Compressed answers (the events accept gzip and br, as browsers' do) travel base64 encoded.
    EXPECT_EQ(answer.at("isBase64Encoded").as_bool(), !expected.header("Content-Encoding").empty());
    std::string body(answer.at("body").as_string());
    if (answer.at("isBase64Encoded").as_bool()) body = core::base64Decode(body).value_or("(not base64)");
    if (decodeEvent(event).request.target.find("healthz") == std::string::npos) {
      EXPECT_EQ(body, expected.body) << event;
    }
    const bool v1 = answer.contains("multiValueHeaders");
    for (const auto& h : expected.headers) {
      if (v1) {
        const auto& values = answer.at("multiValueHeaders").as_object();
        ASSERT_TRUE(values.contains(h.name)) << h.name << " missing in " << json::serialize(answer);
        bool found = false;
        for (const auto& v : values.at(h.name).as_array()) found = found || v.as_string() == h.value;
        EXPECT_TRUE(found) << h.name << ": " << h.value;
      } else {
        const auto& headers = answer.at("headers").as_object();
        ASSERT_TRUE(headers.contains(h.name)) << h.name << " missing in " << json::serialize(answer);
        EXPECT_NE(std::string(headers.at(h.name).as_string()).find(h.value), std::string::npos) << h.name;
      }
    }
  }

  static std::string header(const json::object& answer, const std::string& name) {
    for (const auto& [k, v] : answer.at("headers").as_object()) {
      if (core::asciiEqualsIgnoreCase(k, name)) return std::string(v.as_string());
    }
    if (answer.contains("multiValueHeaders")) {
      for (const auto& [k, v] : answer.at("multiValueHeaders").as_object()) {
        if (core::asciiEqualsIgnoreCase(k, name)) return std::string(v.as_array().at(0).as_string());
      }
    }
    return {};
  }

  // The body as a client reads it: base64 and the content coding undone.
  static json::value body(const json::object& answer) {
    std::string text(answer.at("body").as_string());
    if (answer.at("isBase64Encoded").as_bool()) text = core::base64Decode(text).value_or("");
    return json::parse(hdoc::testing::decodedBody(text, header(answer, "Content-Encoding")));
  }

  inline static std::unique_ptr<TempDir> dir_;
  inline static std::string dbPath_;
  std::unique_ptr<store::Store> referenceStore_;
  std::unique_ptr<http::Api> reference_;
  RuntimeEmulator emulator_;
  std::unique_ptr<ChildProcess> runtime_;
};

// Every read route, at "/" and "/api", with and without trailing slash, in both payload formats.
const std::vector<std::pair<std::string, std::string>> kReads = {
    {"/users", ""},           {"/users", "limit=3"},
    {"/users/fdurham0", ""},  {"/users/FDURHAM0/", ""},
    {"/users/recent", ""},    {"/users/recent", "limit=2"},
    {"/leaderboard", ""},     {"/leaderboard", "limit=5"},
    {"/leaderboard/5", ""},   {"/leaderboard/7/", ""},
    {"/articles", ""},        {"/articles", "limit=5"},
    {"/articles/AWS", ""},    {"/articles/aws/", "limit=2"},
    {"/articles", "tag=GCP"}, {"/tags", ""},
    {"/tags", "limit=3"},     {"/healthz", ""},
    {"/users", "unknown=1"},
};

TEST_F(BootstrapTest, AnswersEveryReadRouteInBothPayloadFormats) {
  runtime_ = startRuntime();
  for (const auto& [path, query] : kReads) {
    for (const std::string prefix : {"", "/api"}) {
      const auto v2 = v2Event("GET", prefix + path, query);
      expectSameAsInProcess(v2, invoke(v2));
      const auto v1 = v1Event("GET", prefix + path, query);
      expectSameAsInProcess(v1, invoke(v1));
    }
  }
  EXPECT_TRUE(emulator_.unexpectedRequests().empty());
}

TEST_F(BootstrapTest, ServesTheFixtureDataTheFrontendExpects) {
  runtime_ = startRuntime();
  // /api/users/fdurham0 is the fixture record exactly.
  const auto users = json::parse(testing::readText(std::string(HDOC_FIXTURES_DIR) + "/users.json"));
  const auto& first = users.at("users").as_array().at(0);
  for (const auto& event : {v2Event("GET", "/api/users/fdurham0"), v1Event("GET", "/api/users/fdurham0")}) {
    const auto answer = invoke(event);
    EXPECT_EQ(answer.at("statusCode").as_int64(), 200);
    EXPECT_EQ(body(answer), first);
    EXPECT_EQ(header(answer, "Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(header(answer, "Access-Control-Allow-Origin"), "*");
    EXPECT_FALSE(header(answer, "ETag").empty());
  }
  // /api/tags?limit=3 is GCP 13, AWS 11, Azure 6.
  const auto tags = body(invoke(v1Event("GET", "/api/tags", "limit=3")));
  EXPECT_EQ(tags,
            json::parse(R"([{"tag":"GCP","count":13},{"tag":"AWS","count":11},{"tag":"Azure","count":6}])"));
  // The leaderboard is five journeyers by total score, descending.
  const auto board = body(invoke(v2Event("GET", "/api/leaderboard", "limit=5"))).as_array();
  ASSERT_EQ(board.size(), 5u);
  for (std::size_t i = 1; i < board.size(); ++i) {
    const auto total = [](const json::value& u) {
      return u.at("githubScore").as_int64() + u.at("twitterScore").as_int64();
    };
    EXPECT_GE(total(board[i - 1]), total(board[i]));
  }
  // The recorded samples themselves.
  const auto recorded = invoke(json::serialize(testing::eventFile("v1-rest-api.json")));
  EXPECT_EQ(recorded.at("statusCode").as_int64(), 200);
  const auto recordedArticles = body(recorded);
  for (const auto& article : recordedArticles.as_array()) EXPECT_EQ(article.at("tags").as_string(), "AWS");
  const auto staged = invoke(json::serialize(testing::eventFile("v2-named-stage-jwt.json")));
  EXPECT_EQ(staged.at("statusCode").as_int64(), 200);
  EXPECT_EQ(body(staged).at("githubProfile").as_string(), "fdurham0");
}

TEST_F(BootstrapTest, AnswersErrorsAsProblemJson) {
  runtime_ = startRuntime();
  struct Case {
    std::string method, path, query;
    int status;
  };
  const std::vector<Case> cases = {
      {"GET", "/api/users/no-such-journeyer", "", 404},
      {"GET", "/api/nope", "", 404},
      {"GET", "/leaderboard", "limit=-1", 400},
      {"GET", "/api/articles", "limit=abc", 400},
      {"GET", "/api/tags", "limit=1&limit=2", 400},
      {"GET", "/api/leaderboard/abc", "", 400},
      {"POST", "/api/leaderboard", "", 405},
      {"DELETE", "/api/tags", "", 405},
  };
  for (const auto& c : cases) {
    for (const auto& event : {v2Event(c.method, c.path, c.query), v1Event(c.method, c.path, c.query)}) {
      const auto answer = invoke(event);
      ASSERT_TRUE(answer.contains("statusCode")) << event;
      EXPECT_EQ(answer.at("statusCode").as_int64(), c.status) << c.method << " " << c.path << "?" << c.query;
      EXPECT_EQ(header(answer, "Content-Type").rfind("application/problem+json", 0), 0u) << c.path;
      EXPECT_TRUE(body(answer).as_object().contains("title")) << c.path;
      if (c.status == 405) {
        EXPECT_NE(header(answer, "Allow").find("GET"), std::string::npos);
      }
      expectSameAsInProcess(event, answer);
    }
  }
}

TEST_F(BootstrapTest, AnswersPreflightWithCorsHeaders) {
  runtime_ =
      startRuntime({{"HDOC_CORS_ORIGINS", "https://www.100daysofcloud.com, https://staging.example.org"}});
  for (const auto& event : {v2Event("OPTIONS", "/api/users"), v1Event("OPTIONS", "/api/leaderboard/5")}) {
    const auto answer = invoke(event);
    EXPECT_EQ(answer.at("statusCode").as_int64(), 204);
    EXPECT_EQ(header(answer, "Access-Control-Allow-Origin"), "https://www.100daysofcloud.com");
    EXPECT_EQ(header(answer, "Access-Control-Allow-Headers"),
              "Content-Type,X-Amz-Date,Authorization,X-Api-Key,x-requested-with");
    EXPECT_NE(header(answer, "Access-Control-Allow-Methods").find("GET"), std::string::npos);
  }
}

// The allow-list is read as `hdoc serve` reads it (http::parseCorsOrigins): the origin after ", " is
// listed too, without its leading space.
TEST_F(BootstrapTest, AllowsEveryOriginOfASpacedList) {
  // A recorded event sent from `origin` (its own Origin header replaced, in both header maps of 1.0).
  const auto fromOrigin = [](const std::string& file, const std::string& origin) {
    auto event = testing::eventFile(file);
    for (const char* map : {"headers", "multiValueHeaders"}) {
      auto* headers = event.as_object().if_contains(map);
      if (headers == nullptr || !headers->is_object()) continue;
      auto& fields = headers->as_object();
      for (auto it = fields.begin(); it != fields.end();) {
        it = core::asciiEqualsIgnoreCase(it->key(), "origin") ? fields.erase(it) : std::next(it);
      }
      fields["origin"] = std::string_view(map) == "headers" ? json::value(origin) : json::array{origin};
    }
    return json::serialize(event);
  };
  runtime_ = startRuntime({{"HDOC_CORS_ORIGINS", "https://a, https://b"}});
  for (const std::string origin : {"https://a", "https://b"}) {
    for (const char* file : {"v2-http-api.json", "v1-rest-api.json"}) {
      const auto answer = invoke(fromOrigin(file, origin));
      ASSERT_TRUE(answer.contains("statusCode")) << file << " from " << origin;
      EXPECT_EQ(answer.at("statusCode").as_int64(), 200) << file;
      EXPECT_EQ(header(answer, "Access-Control-Allow-Origin"), origin) << json::serialize(answer);
      EXPECT_EQ(header(answer, "Vary"), "Origin, Accept-Encoding") << file;  // listed origins and compression
    }
  }
  const auto stranger = invoke(fromOrigin("v2-http-api.json", "https://c"));
  EXPECT_EQ(header(stranger, "Access-Control-Allow-Origin"), "") << json::serialize(stranger);
}

TEST_F(BootstrapTest, DecodesBase64BodiesAndReportsBrokenOnesAsInvocationErrors) {
  runtime_ = startRuntime();
  const auto answer = invoke(json::serialize(testing::eventFile("v2-base64-body.json")));
  EXPECT_EQ(answer.at("statusCode").as_int64(), 200);
  expectSameAsInProcess(json::serialize(testing::eventFile("v2-base64-body.json")), answer);

  auto broken = testing::eventFile("v2-base64-body.json");
  broken.as_object()["body"] = "%%%not base64";
  const auto id = emulator_.enqueue(json::serialize(broken));
  const auto outcome = emulator_.waitOutcome(id, 10s);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_TRUE(outcome->isError);
  EXPECT_EQ(outcome->errorTypeHeader, "Runtime.InvalidEvent");
}

TEST_F(BootstrapTest, ReportsAHandlerErrorAndKeepsServing) {
  runtime_ = startRuntime();
  const auto id = emulator_.enqueue(json::serialize(testing::eventFile("not-api-gateway-s3.json")));
  const auto outcome = emulator_.waitOutcome(id, 10s);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_TRUE(outcome->isError);
  EXPECT_EQ(outcome->errorTypeHeader, "Runtime.InvalidEvent");
  const auto error = json::parse(outcome->body);
  EXPECT_EQ(error.at("errorType").as_string(), "Runtime.InvalidEvent");
  EXPECT_FALSE(error.at("errorMessage").as_string().empty());
  EXPECT_EQ(invoke(v2Event("GET", "/healthz")).at("statusCode").as_int64(), 200);
  EXPECT_FALSE(runtime_->waitExit(0ms).has_value());
}

TEST_F(BootstrapTest, ServesManyInvocationsInOneProcess) {
  runtime_ = startRuntime();
  constexpr int kInvocations = 400;
  for (int i = 0; i < kInvocations; ++i) {
    const auto& [path, query] = kReads[static_cast<std::size_t>(i) % kReads.size()];
    const auto event = i % 2 == 0 ? v2Event("GET", "/api" + path, query) : v1Event("GET", path, query);
    const auto answer = invoke(event);
    ASSERT_TRUE(answer.contains("statusCode")) << "invocation " << i;
    ASSERT_EQ(answer.at("statusCode").as_int64(), reference_->handle(decodeEvent(event).request).status)
        << "invocation " << i << " " << path;
  }
  EXPECT_FALSE(runtime_->waitExit(0ms).has_value()) << "the process must stay up between invocations";
  // After the last response the runtime asks for the next event at once, and waits for it.
  for (int i = 0; i < 1000 && emulator_.nextCalls() < kInvocations + 1; ++i) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(emulator_.nextCalls(), kInvocations + 1);
  EXPECT_TRUE(emulator_.unexpectedRequests().empty());
  // Nothing per-request leaks: a request after 400 others answers exactly as a fresh one.
  const auto event = v2Event("GET", "/api/users/FDURHAM0");
  expectSameAsInProcess(event, invoke(event));
}

TEST_F(BootstrapTest, ReportsAnUnopenableDatabaseAsAnInitError) {
  runtime_ = startRuntime({{"HDOC_DB", "/nonexistent-dir/for/hdoc/test.db"}});
  const auto outcome = emulator_.waitInitError(10s);
  ASSERT_TRUE(outcome.has_value()) << runtime_->stderrText();
  EXPECT_EQ(outcome->errorTypeHeader, "Runtime.InitError");
  const auto error = json::parse(outcome->body);
  EXPECT_EQ(error.at("errorType").as_string(), "Runtime.InitError");
  EXPECT_FALSE(error.at("errorMessage").as_string().empty());
  const auto rc = runtime_->waitExit(10s);
  ASSERT_TRUE(rc.has_value());
  EXPECT_NE(*rc, 0);
  EXPECT_EQ(emulator_.nextCalls(), 0) << "init failed, so no event may be fetched";
}

TEST_F(BootstrapTest, ReportsAnUnreachableTableAsAnInitError) {
  // databaseName selects DynamoDB; port 1 on loopback refuses connections.
  runtime_ = startRuntime({{"databaseName", "hdoc-backend-dev-Table"},
                           {"AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:1"},
                           {"AWS_ACCESS_KEY_ID", "test"},
                           {"AWS_SECRET_ACCESS_KEY", "test"}});
  const auto outcome = emulator_.waitInitError(60s);
  ASSERT_TRUE(outcome.has_value()) << runtime_->stderrText();
  EXPECT_EQ(outcome->errorTypeHeader, "Runtime.InitError");
  const auto rc = runtime_->waitExit(10s);
  ASSERT_TRUE(rc.has_value());
  EXPECT_NE(*rc, 0);
  EXPECT_EQ(emulator_.nextCalls(), 0);
}

TEST_F(BootstrapTest, LambdaCommandRunsTheSameLoop) {
  runtime_ = startRuntime({}, {"lambda"});
  expectSameAsInProcess(v2Event("GET", "/api/tags", "limit=3"),
                        invoke(v2Event("GET", "/api/tags", "limit=3")));
}

TEST_F(BootstrapTest, ExitsWhenTheEnvironmentIsTornDown) {
  runtime_ = startRuntime();
  EXPECT_EQ(invoke(v2Event("GET", "/healthz")).at("statusCode").as_int64(), 200);
  emulator_.stop();
  const auto rc = runtime_->waitExit(10s);
  ASSERT_TRUE(rc.has_value());
  EXPECT_NE(*rc, 0);
}

TEST(LambdaCommand, ExplainsThatItNeedsTheRuntimeApi) {
  ChildProcess process(runtimeBinary(), {"lambda"}, {});
  const auto rc = process.waitExit(10s);
  ASSERT_TRUE(rc.has_value());
  EXPECT_EQ(*rc, 2);
  EXPECT_NE(process.stderrText().find("AWS_LAMBDA_RUNTIME_API"), std::string::npos);
}

}  // namespace
}  // namespace hdoc::lambda
