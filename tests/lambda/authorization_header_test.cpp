// Two Authorization fields through the Lambda host's event decoding: API Gateway hands them over as
// one comma-joined value (HTTP API, payload 2.0) or as two multiValueHeaders entries (REST API,
// payload 1.0). Either way the write is refused with 400 and nothing is written, even though the
// authorizer's claims name a caller; the same event with one field is served (the control).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "http/api.hpp"
#include "lambda/apigw_event.hpp"
#include "lambda_test_support.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::lambda {
namespace {

namespace json = boost::json;

constexpr const char* kBody = R"({"githubProfile":"carol","name":"Carol"})";

// POST /api/users on the named stage, signed in as the recorded event's JWT claims, with this
// `authorization` value.
std::string v2SignUp(const std::string& authorization) {
  auto event = testing::eventFile("v2-named-stage-jwt.json");
  auto& o = event.as_object();
  o["routeKey"] = "POST /api/users";
  o["rawPath"] = "/dev/api/users";
  o.erase("pathParameters");
  auto& headers = o["headers"].as_object();
  headers["authorization"] = authorization;
  headers["content-type"] = "application/json";
  auto& context = o["requestContext"].as_object();
  context["routeKey"] = "POST /api/users";
  auto& http = context["http"].as_object();
  http["method"] = "POST";
  http["path"] = "/dev/api/users";
  o["body"] = kBody;
  return json::serialize(event);
}

// The same on a REST API (payload 1.0, Cognito authorizer claims), with every Authorization field
// in multiValueHeaders and, as API Gateway does, the last of them in headers.
std::string v1SignUp(const std::vector<std::string>& authorization) {
  auto event = testing::eventFile("v1-rest-api.json");
  auto& o = event.as_object();
  o["resource"] = "/api/users";
  o["path"] = "/api/users";
  o["httpMethod"] = "POST";
  o["pathParameters"] = nullptr;
  o["queryStringParameters"] = nullptr;
  o["multiValueQueryStringParameters"] = nullptr;
  json::array values;
  for (const auto& v : authorization) values.emplace_back(v);
  o["multiValueHeaders"].as_object()["Authorization"] = values;
  o["multiValueHeaders"].as_object()["Content-Type"] = json::array{"application/json"};
  o["headers"].as_object()["Authorization"] = authorization.back();
  o["headers"].as_object()["Content-Type"] = "application/json";
  auto& context = o["requestContext"].as_object();
  context["httpMethod"] = "POST";
  context["resourcePath"] = "/api/users";
  context["path"] = "/prod/api/users";
  o["body"] = kBody;
  return json::serialize(event);
}

class AuthorizationHeaderTest : public ::testing::Test {
 protected:
  // What the Lambda host does with an invocation: decode the event, answer it.
  http::Response invoke(const std::string& event) { return api_.handle(decodeEvent(event).request); }

  void expectRefusedAndNothingWritten(const http::Response& res) {
    EXPECT_EQ(res.status, 400) << res.body;
    EXPECT_EQ(res.header("Content-Type"), "application/problem+json");
    EXPECT_NE(res.body.find("Authorization"), std::string::npos) << res.body;
    EXPECT_FALSE(store_.findUser("carol")) << "the profile was written";
    EXPECT_TRUE(store_.listUsers(std::nullopt).empty());
  }

  testing::TempDir dir_;
  store::SqliteStore store_{dir_.file("lambda.db")};
  http::Api api_{store_, {}};  // like the Lambda host: no verifier, the authorizer's claims decide
};

TEST_F(AuthorizationHeaderTest, HttpApiCommaJoinedAuthorizationIs400) {
  expectRefusedAndNothingWritten(invoke(v2SignUp("Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln,Bearer other")));
  expectRefusedAndNothingWritten(invoke(v2SignUp("Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln, Bearer other")));
  const auto served = invoke(v2SignUp("Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln"));
  EXPECT_EQ(served.status, 201) << served.body;
  EXPECT_TRUE(store_.findUser("carol"));
}

TEST_F(AuthorizationHeaderTest, RestApiTwoMultiValueAuthorizationsAre400) {
  expectRefusedAndNothingWritten(invoke(v1SignUp({"eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "other"})));
  expectRefusedAndNothingWritten(invoke(v1SignUp({"other", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"})));
  const auto served = invoke(v1SignUp({"eyJhbGciOiJSUzI1NiJ9.e30.c2ln"}));
  EXPECT_EQ(served.status, 201) << served.body;
  EXPECT_TRUE(store_.findUser("carol"));
}

}  // namespace
}  // namespace hdoc::lambda
