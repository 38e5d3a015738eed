// The write API's security suite against the real Beast server over loopback, with keys generated
// here: every kind of bad token gets 401 with the right challenge, every owner/admin rule gets 403,
// and none of them changes anything (the whole store is snapshotted before and after each request).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/json_writer.hpp"
#include "http/entry_json.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"
#include "support/test_server.hpp"
#include "support/user_pool.hpp"

namespace hdoc::server {
namespace {

namespace json = boost::json;
using testing::epochNow;
using testing::httpRequest;
using testing::UserPool;

const testing::RsaKeyPair& otherPoolKey() {
  static const testing::RsaKeyPair key("other-pool-key");
  return key;
}

class SecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<store::SqliteStore>(dir_.file("security.db"));
    http::ApiConfig config;
    config.verifier = pool_.verifier();
    server_ = std::make_unique<testing::TestServer>(*store_, config);
    alice_ = UserPool::identity("sub-alice", "alice");
    bob_ = UserPool::identity("sub-bob", "bob");
    admin_ = UserPool::identity("sub-admin", "root", true);
    ASSERT_EQ(send("POST", "/api/users", pool_.idToken(alice_), R"({"githubProfile":"alice","name":"Alice"})")
                  .status,
              201);
    ASSERT_EQ(
        send("POST", "/api/users", pool_.idToken(bob_), R"({"githubProfile":"bob","name":"Bob"})").status,
        201);
    ASSERT_EQ(send("POST", "/api/users/alice/entries", pool_.idToken(alice_),
                   R"({"day":1,"platform":"github","url":"https://example.com/1","date":"2024-01-01"})")
                  .status,
              201);
    ASSERT_EQ(send("POST", "/api/articles", pool_.idToken(alice_), R"({"title":"T","tags":"AWS"})").status,
              201);
  }

  testing::HttpResponse send(const std::string& method, const std::string& target, const std::string& token,
                             const std::string& body = "") {
    std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    return httpRequest(server_->port(), method, target, headers, body);
  }

  // Everything the store holds, in one string: users with their owners and figures, every entry,
  // articles and tag counts.
  std::string snapshot() {
    std::string out;
    store_->forEachUser([&](const core::User& u) {
      out += core::toJson(u) + " owner=" + u.owner + "\n";
      for (const auto& e : store_->listEntries(u.githubProfile)) out += http::entryJson(e) + "\n";
    });
    store_->forEachArticle([&](const core::Article& a) { out += core::toJson(a) + "\n"; });
    for (const auto& t : store_->tagCounts(std::nullopt)) out += core::toJson(t) + "\n";
    return out;
  }

  // A write alice is allowed to make, so only the token decides the answer.
  testing::HttpResponse aliceWrite(const std::string& rawAuthorization) {
    std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
    if (!rawAuthorization.empty()) headers["Authorization"] = rawAuthorization;
    return httpRequest(server_->port(), "PATCH", "/api/users/alice", headers, R"({"name":"Changed"})");
  }

  void expectStatus(const testing::HttpResponse& res, int status) {
    EXPECT_EQ(res.status, status) << res.body;
    EXPECT_EQ(res.header("Content-Type"), "application/problem+json");
  }

  testing::TempDir dir_;
  UserPool pool_;
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<testing::TestServer> server_;
  testing::Identity alice_, bob_, admin_;
};

TEST_F(SecurityTest, EveryBadTokenIs401AndChangesNothing) {
  const std::int64_t now = epochNow();
  const json::object claims = testing::idTokenClaims(pool_.issuer(), pool_.clientId(), alice_, now);
  const std::string payload = json::serialize(claims);
  auto withClaim = [&](const std::string& key, json::value value) {
    json::object c = claims;
    c[key] = std::move(value);
    return testing::signToken(testing::userPoolKey(), c);
  };
  const std::string honest = pool_.idToken(alice_);
  // The honest token's signature over a payload that makes alice an admin.
  json::object escalated = claims;
  escalated["cognito:groups"] = json::array{"admin"};
  const std::string tampered = honest.substr(0, honest.find('.') + 1) +
                               testing::encodePart(json::serialize(escalated)) +
                               honest.substr(honest.rfind('.'));
  struct Case {
    std::string name;
    std::string authorization;
    std::string challenge;
  };
  const std::string invalid = "Bearer error=\"invalid_token\"";
  const std::vector<Case> cases = {
      {"no token", "", "Bearer"},
      {"empty bearer", "Bearer ", "Bearer"},
      {"other scheme", "Basic YWxpY2U6c2VjcmV0", invalid},
      {"malformed token", "Bearer not-a-jwt", invalid},
      {"bad base64", "Bearer !!!.@@@.###", invalid},
      {"alg none",
       "Bearer " + testing::forgeUnsigned(R"({"alg":"none","kid":"hdoc-test-pool-key"})", payload), invalid},
      {"HS256 keyed with the public key",
       "Bearer " + testing::forgeHs256(testing::userPoolKey().publicKeyPem(),
                                       R"({"alg":"HS256","kid":"hdoc-test-pool-key"})", payload),
       invalid},
      {"unknown kid",
       "Bearer " +
           testing::forgeRs256(testing::userPoolKey(), R"({"alg":"RS256","kid":"no-such-key"})", payload),
       invalid},
      {"tampered payload", "Bearer " + tampered, invalid},
      {"expired",
       "Bearer " + testing::signToken(
                       testing::userPoolKey(),
                       testing::idTokenClaims(pool_.issuer(), pool_.clientId(), alice_, now - 7200, 3600)),
       invalid},
      {"not yet valid", "Bearer " + withClaim("nbf", now + 3600), invalid},
      {"issued in the future",
       "Bearer " +
           testing::signToken(testing::userPoolKey(),
                              testing::idTokenClaims(pool_.issuer(), pool_.clientId(), alice_, now + 3600)),
       invalid},
      {"wrong issuer",
       "Bearer " + withClaim("iss", json::string(auth::cognitoIssuer("us-east-1", "us-east-1_Elsewhere"))),
       invalid},
      {"wrong client id", "Bearer " + withClaim("aud", "someone-elses-client"), invalid},
      {"wrong token_use", "Bearer " + withClaim("token_use", "refresh"), invalid},
      {"another pool",
       "Bearer " + testing::signToken(otherPoolKey(), testing::idTokenClaims(
                                                          auth::cognitoIssuer("us-east-1", "us-east-1_Other"),
                                                          pool_.clientId(), alice_, now)),
       invalid},
      {"another pool's key under our issuer",
       "Bearer " +
           testing::forgeRs256(otherPoolKey(), R"({"alg":"RS256","kid":"hdoc-test-pool-key"})", payload),
       invalid},
  };
  const std::string before = snapshot();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto res = aliceWrite(c.authorization);
    expectStatus(res, 401);
    EXPECT_EQ(res.header("WWW-Authenticate"), c.challenge);
    EXPECT_EQ(res.body.find(honest.substr(0, 20)), std::string::npos) << "never echo a token";
    EXPECT_EQ(snapshot(), before);
  }
  // The control: the honest token (id or access) is accepted, so the refusals above were the token's.
  EXPECT_EQ(aliceWrite("Bearer " + honest).status, 200);
  EXPECT_EQ(aliceWrite("Bearer " + pool_.accessToken(alice_)).status, 200);
}

TEST_F(SecurityTest, EveryOwnerAndAdminRuleIs403AndChangesNothing) {
  const std::string alice = pool_.idToken(alice_);
  const std::string bob = pool_.idToken(bob_);
  const std::string admin = pool_.idToken(admin_);
  const std::string stranger = pool_.idToken(UserPool::identity("sub-stranger", "stranger"));
  struct Case {
    std::string name, method, target, token, body;
  };
  const std::string entry =
      R"({"day":2,"platform":"github","url":"https://example.com/2","date":"2024-01-02"})";
  const std::vector<Case> cases = {
      {"another journeyer patches a profile", "PATCH", "/api/users/alice", bob, R"({"name":"Bob was here"})"},
      {"another journeyer deletes a profile", "DELETE", "/api/users/alice", bob, ""},
      {"another journeyer logs a day", "POST", "/api/users/alice/entries", bob, entry},
      {"an admin logs someone else's day", "POST", "/api/users/alice/entries", admin, entry},
      {"a journeyer verifies an entry", "PATCH", "/api/users/alice/entries/github/1", alice,
       R"({"verified":false})"},
      {"another journeyer verifies an entry", "PATCH", "/api/users/alice/entries/github/1", bob,
       R"({"verified":false})"},
      {"another journeyer edits an article", "PATCH", "/api/articles/1", bob, R"({"title":"Mine"})"},
      {"another journeyer deletes an article", "DELETE", "/api/articles/1", bob, ""},
      {"someone without a profile writes an article", "POST", "/api/articles", stranger,
       R"({"title":"T","tags":"X"})"},
      {"someone without a profile patches a profile", "PATCH", "/api/users/bob", stranger, R"({"name":"x"})"},
  };
  const std::string before = snapshot();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    expectStatus(send(c.method, c.target, c.token, c.body), 403);
    EXPECT_EQ(snapshot(), before);
  }
  // Controls: the same requests by those who may make them succeed.
  EXPECT_EQ(send("PATCH", "/api/users/alice/entries/github/1", admin, R"({"verified":false})").status, 200);
  EXPECT_EQ(send("PATCH", "/api/articles/1", admin, R"({"title":"Edited by admin"})").status, 200);
  EXPECT_EQ(send("POST", "/api/users/alice/entries", alice, entry).status, 201);
  EXPECT_EQ(send("DELETE", "/api/users/bob", admin, "").status, 204);
  EXPECT_NE(snapshot(), before);
}

TEST_F(SecurityTest, OversizeAndWrongTypeBodiesChangeNothing) {
  const std::string alice = pool_.idToken(alice_);
  const std::string before = snapshot();
  const std::string huge = R"({"name":")" + std::string(70 * 1024, 'x') + "\"}";
  const auto res = send("PATCH", "/api/users/alice", alice, huge);
  EXPECT_EQ(res.status, 413) << res.body;
  std::map<std::string, std::string> form{{"Content-Type", "application/x-www-form-urlencoded"},
                                          {"Authorization", "Bearer " + alice}};
  expectStatus(httpRequest(server_->port(), "PATCH", "/api/users/alice", form, "name=Changed"), 415);
  expectStatus(send("PATCH", "/api/users/alice", alice, R"({"name":"x","githubScore":100000})"), 400);
  expectStatus(send("POST", "/api/users/alice/entries", alice,
                    R"({"day":1,"platform":"github","url":"javascript:x"})"),
               400);
  EXPECT_EQ(snapshot(), before);
}

// Authorization is a singleton field (RFC 9110 section 11.6.2): with two of them, a proxy in front of
// hdoc may have checked the other one, so neither is taken, in either order, nor one that two were
// joined into with a comma.
TEST_F(SecurityTest, TwoAuthorizationFieldsAre400AndChangeNothing) {
  const std::string carol = pool_.idToken(UserPool::identity("sub-carol", "carol"));
  const std::string body = R"({"githubProfile":"carol","name":"Carol"})";
  auto signUp = [&](const std::vector<std::string>& authorizationFields) {
    std::string request = "POST /api/users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
    for (const auto& value : authorizationFields) request += "Authorization: " + value + "\r\n";
    request += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    testing::HttpConnection conn(server_->port());
    conn.send(request);
    auto res = conn.read();
    return res ? *res : testing::HttpResponse{};
  };
  struct Case {
    std::string name;
    std::vector<std::string> fields;
  };
  const std::vector<Case> cases = {
      {"valid token first, another value second", {"Bearer " + carol, "Bearer not-a-jwt"}},
      {"another value first, valid token second", {"Basic YWxpY2U6c2VjcmV0", "Bearer " + carol}},
      {"the same valid token twice", {"Bearer " + carol, "Bearer " + carol}},
      {"valid token and an empty field", {"Bearer " + carol, ""}},
      {"two tokens joined with a comma", {"Bearer " + carol + ", Bearer " + pool_.idToken(bob_)}},
  };
  const std::string before = snapshot();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto res = signUp(c.fields);
    expectStatus(res, 400);
    EXPECT_NE(res.body.find("Authorization"), std::string::npos) << res.body;
    EXPECT_EQ(res.body.find(carol.substr(0, 20)), std::string::npos) << "never echo a token";
    EXPECT_EQ(snapshot(), before);
    EXPECT_FALSE(store_->findUser("carol"));
  }
  // The control: the same request with one Authorization field creates the profile.
  EXPECT_EQ(signUp({"Bearer " + carol}).status, 201);
  EXPECT_TRUE(store_->findUser("carol"));
}

TEST_F(SecurityTest, WritesAreRateLimitedPerPrincipalOverTheWire) {
  server_.reset();
  http::ApiConfig config;
  config.verifier = pool_.verifier();
  config.writeRateLimit = {1, 3};
  server_ = std::make_unique<testing::TestServer>(*store_, config);
  const std::string bob = pool_.idToken(bob_);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(send("PATCH", "/api/users/bob", bob, R"({"name":"B"})").status, 200);
  const auto res = send("PATCH", "/api/users/bob", bob, R"({"name":"B"})");
  expectStatus(res, 429);
  EXPECT_FALSE(res.header("Retry-After").empty());
  EXPECT_EQ(send("PATCH", "/api/users/alice", pool_.idToken(alice_), R"({"name":"A"})").status, 200);
}

}  // namespace
}  // namespace hdoc::server
