// Claims as API Gateway's JWT authorizer passes them to the Lambda (every value a string).
#include "auth/authorizer_claims.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace hdoc::auth {
namespace {

namespace json = boost::json;

TEST(AuthorizerClaimsTest, IdTokenClaimsWithBracketedGroups) {
  const json::value claims = json::parse(R"({
    "sub": "7d8ca528", "cognito:username": "alice", "email": "alice@example.com",
    "cognito:groups": "[admin editors]", "token_use": "id", "exp": "1700003600",
    "iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC"})");
  const auto p = principalFromAuthorizerClaims(claims);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->sub, "7d8ca528");
  EXPECT_EQ(p->username, "alice");
  EXPECT_EQ(p->email, "alice@example.com");
  EXPECT_EQ(p->groups, (std::vector<std::string>{"admin", "editors"}));
  EXPECT_TRUE(p->isAdmin());
}

TEST(AuthorizerClaimsTest, AccessTokenClaimsUseUsername) {
  const auto p = principalFromAuthorizerClaims(
      json::parse(R"({"sub": "s1", "username": "bob", "token_use": "access", "client_id": "c"})"));
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->username, "bob");
  EXPECT_EQ(p->email, "");
  EXPECT_TRUE(p->groups.empty());
  EXPECT_FALSE(p->isAdmin());
}

TEST(AuthorizerClaimsTest, GroupsInEveryShape) {
  auto groupsOf = [](json::value groups) {
    json::object claims{{"sub", "s"}, {"cognito:username", "u"}, {"cognito:groups", std::move(groups)}};
    return principalFromAuthorizerClaims(claims)->groups;
  };
  using Groups = std::vector<std::string>;
  EXPECT_EQ(groupsOf("[admin]"), Groups{"admin"});
  EXPECT_EQ(groupsOf("admin"), Groups{"admin"});
  EXPECT_EQ(groupsOf("a,b"), (Groups{"a", "b"}));
  EXPECT_EQ(groupsOf("[]"), Groups{});
  EXPECT_EQ(groupsOf(json::array{"admin", "x"}), (Groups{"admin", "x"}));
  EXPECT_EQ(groupsOf(json::array{1, "admin"}), Groups{"admin"});
  // "administrators" is not "admin".
  EXPECT_EQ(groupsOf("[administrators]"), Groups{"administrators"});
}

TEST(AuthorizerClaimsTest, NoSubMeansNoPrincipal) {
  EXPECT_FALSE(principalFromAuthorizerClaims(json::parse(R"({"cognito:username": "alice"})")).has_value());
  EXPECT_FALSE(principalFromAuthorizerClaims(json::parse(R"({"sub": ""})")).has_value());
  EXPECT_FALSE(principalFromAuthorizerClaims(json::parse(R"({"sub": 5})")).has_value());
  EXPECT_FALSE(principalFromAuthorizerClaims(json::parse("null")).has_value());
  EXPECT_FALSE(principalFromAuthorizerClaims(json::parse("[]")).has_value());
}

}  // namespace
}  // namespace hdoc::auth
