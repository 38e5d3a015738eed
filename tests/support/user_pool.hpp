// Test helper: a stand-in Cognito user pool for the write API tests. One RSA key (generated once per
// test binary), its JWKS in a temporary file, a verifier configured for it, and honest tokens for any
// identity. Forged tokens come from jwt_forge.hpp directly.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "auth/verifier.hpp"
#include "support/jwt_forge.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::testing {

inline const RsaKeyPair& userPoolKey() {
  static const RsaKeyPair key("hdoc-test-pool-key");
  return key;
}

inline std::int64_t epochNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class UserPool {
 public:
  UserPool() : jwks_(dir_.write("jwks.json", jwksJson({&userPoolKey()}))) {}

  const std::string& issuer() const { return issuer_; }
  const std::string& clientId() const { return clientId_; }
  const std::string& jwksFile() const { return jwks_; }

  std::shared_ptr<const auth::TokenVerifier> verifier() const {
    auth::VerifierConfig config;
    config.issuer = issuer_;
    config.clientId = clientId_;
    config.jwksFile = jwks_;
    return std::make_shared<const auth::TokenVerifier>(config);
  }

  static Identity identity(const std::string& sub, const std::string& username, bool admin = false) {
    Identity who;
    who.sub = sub;
    who.username = username;
    who.email = username + "@example.com";
    if (admin) who.groups = {"admin"};
    return who;
  }

  // An id token valid now for `who`.
  std::string idToken(const Identity& who) const {
    return signToken(userPoolKey(), idTokenClaims(issuer_, clientId_, who, epochNow()));
  }
  // An access token valid now for `who`.
  std::string accessToken(const Identity& who) const {
    return signToken(userPoolKey(), accessTokenClaims(issuer_, clientId_, who, epochNow()));
  }

 private:
  std::string issuer_ = auth::cognitoIssuer("us-east-1", "us-east-1_HdocTest1");
  std::string clientId_ = "hdoc-test-client-0123456789";
  TempDir dir_;
  std::string jwks_;
};

}  // namespace hdoc::testing
