// The API Gateway codec on its own: the recorded events decode to the request the client sent,
// and responses encode to what API Gateway expects for each payload format.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/base64.hpp"
#include "lambda/apigw_event.hpp"
#include "lambda_test_support.hpp"

namespace hdoc::lambda {
namespace {

using testing::eventFile;
using testing::v1Event;
using testing::v2Event;

std::string serialized(const std::string& name) {
  return boost::json::serialize(eventFile(name));
}

TEST(ApiGatewayEvent, DecodesHttpApiPayload2) {
  const auto decoded = decodeEvent(serialized("v2-http-api.json"));
  EXPECT_EQ(decoded.format, PayloadFormat::V2);
  EXPECT_EQ(decoded.request.method, "GET");
  EXPECT_EQ(decoded.request.target, "/api/leaderboard?limit=5");
  EXPECT_EQ(decoded.request.header("Origin"), "https://www.100daysofcloud.com");
  EXPECT_EQ(decoded.request.header("cookie"), "cookie1=value1; cookie2=value2");
  EXPECT_EQ(decoded.request.body, "");
  EXPECT_FALSE(decoded.request.principal.has_value());
}

TEST(ApiGatewayEvent, StripsTheNamedStageAndReadsJwtClaims) {
  const auto decoded = decodeEvent(serialized("v2-named-stage-jwt.json"));
  EXPECT_EQ(decoded.request.target, "/api/users/FDURHAM0/");
  ASSERT_TRUE(decoded.request.principal.has_value());
  EXPECT_EQ(decoded.request.principal->sub, "2f3b9c1e-8d4a-4c5e-9f7a-1b2c3d4e5f60");
  EXPECT_EQ(decoded.request.principal->username, "fdurham0");
  EXPECT_EQ(decoded.request.principal->email, "forbes@example.com");
  EXPECT_EQ(decoded.request.principal->groups, (std::vector<std::string>{"admin", "editors"}));
  EXPECT_TRUE(decoded.request.principal->isAdmin());
}

TEST(ApiGatewayEvent, DecodesBase64Bodies) {
  const auto decoded = decodeEvent(serialized("v2-base64-body.json"));
  EXPECT_EQ(decoded.request.body, std::string("\x00\x01\xff"
                                              "hdoc",
                                              7));
  EXPECT_EQ(decoded.request.target, "/api/tags?limit=3");
}

TEST(ApiGatewayEvent, RejectsABodyFlaggedBase64ThatIsNot) {
  auto event = eventFile("v2-base64-body.json");
  event.as_object()["body"] = "not base64!";
  EXPECT_THROW(decodeEvent(boost::json::serialize(event)), InvalidEvent);
}

TEST(ApiGatewayEvent, DecodesRestApiPayload1) {
  const auto decoded = decodeEvent(serialized("v1-rest-api.json"));
  EXPECT_EQ(decoded.format, PayloadFormat::V1);
  EXPECT_EQ(decoded.request.method, "GET");
  EXPECT_EQ(decoded.request.target, "/api/articles/AWS?limit=5");
  EXPECT_EQ(decoded.request.header("host"), "1234567890.execute-api.us-east-1.amazonaws.com");
  ASSERT_TRUE(decoded.request.principal.has_value());
  EXPECT_EQ(decoded.request.principal->username, "ekeeler0");
  EXPECT_EQ(decoded.request.principal->groups, (std::vector<std::string>{"admin", "editors"}));
}

TEST(ApiGatewayEvent, KeepsRepeatedQueryParametersAndEncodesThem) {
  const auto decoded = decodeEvent(v1Event("GET", "/users", "limit=1&limit=2&q=a b&x=é"));
  EXPECT_EQ(decoded.request.target, "/users?limit=1&limit=2&q=a%20b&x=%C3%A9");
}

TEST(ApiGatewayEvent, RestEventWithoutMultiValueMapsFallsBackToSingleValues) {
  auto event = eventFile("v1-rest-api.json");
  auto& o = event.as_object();
  o.erase("multiValueHeaders");
  o.erase("multiValueQueryStringParameters");
  const auto decoded = decodeEvent(boost::json::serialize(event));
  EXPECT_EQ(decoded.request.target, "/api/articles/AWS?limit=5");
  EXPECT_EQ(decoded.request.header("origin"), "https://www.100daysofcloud.com");
}

TEST(ApiGatewayEvent, DoesNotStripAPathThatOnlyStartsLikeTheStage) {
  auto event = eventFile("v2-named-stage-jwt.json");
  event.as_object()["rawPath"] = "/development";
  EXPECT_EQ(decodeEvent(boost::json::serialize(event)).request.target, "/development");
  event.as_object()["rawPath"] = "/dev";
  EXPECT_EQ(decodeEvent(boost::json::serialize(event)).request.target, "/");
}

TEST(ApiGatewayEvent, ReencodesCharactersThatCannotStandInATarget) {
  EXPECT_EQ(decodeEvent(v2Event("GET", "/articles/cloud native")).request.target, "/articles/cloud%20native");
  EXPECT_EQ(decodeEvent(v1Event("GET", "/articles/a?b")).request.target, "/articles/a%3Fb");
}

TEST(ApiGatewayEvent, RejectsEventsThatAreNotApiGatewayProxyEvents) {
  EXPECT_THROW(decodeEvent(serialized("not-api-gateway-s3.json")), InvalidEvent);
  EXPECT_THROW(decodeEvent("not json"), InvalidEvent);
  EXPECT_THROW(decodeEvent("[1,2]"), InvalidEvent);
  EXPECT_THROW(decodeEvent(R"({"version":"2.0","rawPath":"/users"})"), InvalidEvent);  // no method
  EXPECT_THROW(decodeEvent(R"({"httpMethod":"GET"})"), InvalidEvent);                  // no path
}

TEST(ApiGatewayEvent, GroupsMayArriveAsAJsonArray) {
  auto event = eventFile("v2-named-stage-jwt.json");
  event.at_pointer("/requestContext/authorizer/jwt/claims").as_object()["cognito:groups"] =
      boost::json::array{"admin", "other"};
  const auto decoded = decodeEvent(boost::json::serialize(event));
  ASSERT_TRUE(decoded.request.principal.has_value());
  EXPECT_EQ(decoded.request.principal->groups, (std::vector<std::string>{"admin", "other"}));
}

TEST(ApiGatewayEvent, ClaimsWithoutSubAreAnonymous) {
  auto event = eventFile("v1-rest-api.json");
  event.at_pointer("/requestContext/authorizer/claims").as_object().erase("sub");
  EXPECT_FALSE(decodeEvent(boost::json::serialize(event)).request.principal.has_value());
}

TEST(ApiGatewayResponse, EncodesPayload2WithJoinedHeadersAndCookies) {
  http::Response response;
  response.status = 404;
  response.headers = {{"Content-Type", "application/problem+json"},
                      {"Vary", "Origin"},
                      {"Vary", "Accept"},
                      {"Set-Cookie", "a=1"},
                      {"Set-Cookie", "b=2"}};
  response.body = R"({"title":"Not Found"})";
  const auto out = boost::json::parse(encodeResponse(response, PayloadFormat::V2)).as_object();
  EXPECT_EQ(out.at("statusCode").as_int64(), 404);
  EXPECT_EQ(out.at("headers").at("Vary").as_string(), "Origin, Accept");
  EXPECT_EQ(out.at("headers").at("Content-Type").as_string(), "application/problem+json");
  EXPECT_FALSE(out.at("headers").as_object().contains("Set-Cookie"));
  EXPECT_EQ(out.at("cookies").as_array().size(), 2u);
  EXPECT_EQ(out.at("body").as_string(), R"({"title":"Not Found"})");
  EXPECT_FALSE(out.at("isBase64Encoded").as_bool());
}

TEST(ApiGatewayResponse, EncodesPayload1WithMultiValueHeaders) {
  http::Response response;
  response.status = 200;
  response.headers = {{"Content-Type", "application/json"}, {"Vary", "Origin"}, {"Vary", "Accept"}};
  response.body = "[]";
  const auto out = boost::json::parse(encodeResponse(response, PayloadFormat::V1)).as_object();
  EXPECT_EQ(out.at("statusCode").as_int64(), 200);
  EXPECT_EQ(out.at("multiValueHeaders").at("Vary").as_array().size(), 2u);
  EXPECT_EQ(out.at("headers").at("Content-Type").as_string(), "application/json");
  EXPECT_FALSE(out.at("headers").as_object().contains("Vary"));
  EXPECT_EQ(out.at("body").as_string(), "[]");
}

TEST(ApiGatewayResponse, BinaryBodiesGoOutBase64) {
  http::Response response;
  response.body = std::string("\x89PNG\r\n\x1a\n\xff", 9);
  const auto out = boost::json::parse(encodeResponse(response, PayloadFormat::V2)).as_object();
  EXPECT_TRUE(out.at("isBase64Encoded").as_bool());
  EXPECT_EQ(core::base64Decode(out.at("body").as_string()), response.body);
}

TEST(ApiGatewayResponse, Utf8TextStaysText) {
  http::Response response;
  response.body = R"(["Zürich","東京","🚀"])";
  const auto out = boost::json::parse(encodeResponse(response, PayloadFormat::V2)).as_object();
  EXPECT_FALSE(out.at("isBase64Encoded").as_bool());
  EXPECT_EQ(out.at("body").as_string(), response.body);
  response.body = "\xc0\xaf";  // overlong '/': not UTF-8
  EXPECT_TRUE(
      boost::json::parse(encodeResponse(response, PayloadFormat::V2)).at("isBase64Encoded").as_bool());
}

TEST(Base64, RoundTripsEveryLength) {
  std::string bytes;
  for (int i = 0; i < 300; ++i) {
    EXPECT_EQ(core::base64Decode(core::base64Encode(bytes)), bytes) << "length " << i;
    bytes += static_cast<char>(i * 37);
  }
  EXPECT_EQ(core::base64Encode("hdoc"), "aGRvYw==");
  EXPECT_FALSE(core::base64Decode("aGRvYw=").has_value());
  EXPECT_FALSE(core::base64Decode("aG=vYw==").has_value());
  EXPECT_FALSE(core::base64Decode("aGRv\nYw==").has_value());
}

}  // namespace
}  // namespace hdoc::lambda
