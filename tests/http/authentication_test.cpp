// Who is calling a write route: the Authorization field is a singleton (RFC 9110 section 11.6.2), so a
// request with two of them, or with one that a proxy joined from two with a comma, is refused with
// 400 whichever of them holds a valid token, and whether or not a host already verified the caller.
#include "http/authentication.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/user_pool.hpp"

namespace hdoc::http {
namespace {

using testing::UserPool;

class AuthenticationTest : public ::testing::Test {
 protected:
  Request withAuthorization(const std::vector<std::string>& values,
                            const std::string& name = "Authorization") {
    Request req;
    req.method = "POST";
    req.target = "/api/users";
    for (const auto& v : values) req.headers.push_back({name, v});
    return req;
  }

  std::variant<core::Principal, Response> authenticateWithPool(const Request& req) {
    return authenticate(req, verifier_.get(), "/api/users");
  }

  static void expectBadRequest(const std::variant<core::Principal, Response>& result) {
    ASSERT_TRUE(std::holds_alternative<Response>(result)) << "accepted as " << std::get<0>(result).sub;
    const Response& res = std::get<Response>(result);
    EXPECT_EQ(res.status, 400) << res.body;
    EXPECT_EQ(res.header("Content-Type"), "application/problem+json");
    EXPECT_TRUE(res.header("WWW-Authenticate").empty()) << "a malformed request, not a bad token";
    const auto body = boost::json::parse(res.body).as_object();
    ASSERT_TRUE(body.contains("invalid-params")) << res.body;
    EXPECT_EQ(body.at("invalid-params").as_array().at(0).as_object().at("name").as_string(), "Authorization")
        << res.body;
  }

  UserPool pool_;
  std::shared_ptr<const auth::TokenVerifier> verifier_ = pool_.verifier();
  std::string alice_ = pool_.idToken(UserPool::identity("sub-alice", "alice"));
  std::string bob_ = pool_.idToken(UserPool::identity("sub-bob", "bob"));
};

TEST_F(AuthenticationTest, OneValidTokenIsThePrincipal) {
  const auto result = authenticateWithPool(withAuthorization({"Bearer " + alice_}));
  ASSERT_TRUE(std::holds_alternative<core::Principal>(result)) << std::get<Response>(result).body;
  EXPECT_EQ(std::get<core::Principal>(result).sub, "sub-alice");
}

TEST_F(AuthenticationTest, TwoAuthorizationFieldsAre400WhateverTheyHold) {
  expectBadRequest(authenticateWithPool(withAuthorization({"Bearer " + alice_, "Bearer garbage"})));
  expectBadRequest(authenticateWithPool(withAuthorization({"Bearer garbage", "Bearer " + alice_})));
  expectBadRequest(authenticateWithPool(withAuthorization({"Bearer " + alice_, "Bearer " + bob_})));
  expectBadRequest(authenticateWithPool(withAuthorization({"Bearer " + alice_, "Bearer " + alice_})));
  expectBadRequest(authenticateWithPool(withAuthorization({"Bearer " + alice_, ""})));
  // Field names are case-insensitive: "authorization" and "AUTHORIZATION" are the same field.
  Request mixed = withAuthorization({"Bearer " + alice_});
  mixed.headers.push_back({"AUTHORIZATION", "Bearer " + bob_});
  expectBadRequest(authenticateWithPool(mixed));
}

TEST_F(AuthenticationTest, ACommaJoinedAuthorizationIs400) {
  // What API Gateway's payload 2.0 makes of two fields; a Bearer credential never holds a comma.
  expectBadRequest(authenticateWithPool(withAuthorization({"Bearer " + alice_ + ",Bearer " + bob_})));
  expectBadRequest(authenticateWithPool(withAuthorization({"Bearer " + alice_ + ", anything"})));
  expectBadRequest(authenticateWithPool(withAuthorization({"Bearer " + alice_ + ","}, "authorization")));
}

TEST_F(AuthenticationTest, TheCheckHoldsWhenTheHostVerifiedTheCallerAlready) {
  // Lambda behind API Gateway's authorizer: the principal comes with the request, no verifier.
  Request req = withAuthorization({alice_, "other"});
  req.principal = core::Principal{"sub-alice", "alice", "alice@example.com", {}};
  expectBadRequest(authenticate(req, nullptr, "/api/users"));
  req.headers = {{"authorization", "Bearer " + alice_ + ", Bearer other"}};
  expectBadRequest(authenticate(req, nullptr, "/api/users"));
  // The control: one field and the host's principal is the caller.
  req.headers = {{"authorization", "Bearer " + alice_}};
  const auto result = authenticate(req, nullptr, "/api/users");
  ASSERT_TRUE(std::holds_alternative<core::Principal>(result)) << std::get<Response>(result).body;
  EXPECT_EQ(std::get<core::Principal>(result).sub, "sub-alice");
}

TEST_F(AuthenticationTest, TwoFieldsAre400EvenWithoutAVerifier) {
  expectBadRequest(authenticate(withAuthorization({"Bearer a", "Bearer b"}), nullptr, "/api/users"));
  // One field without a verifier stays the 401 it was.
  const auto one = authenticate(withAuthorization({"Bearer a"}), nullptr, "/api/users");
  ASSERT_TRUE(std::holds_alternative<Response>(one));
  EXPECT_EQ(std::get<Response>(one).status, 401);
}

}  // namespace
}  // namespace hdoc::http
