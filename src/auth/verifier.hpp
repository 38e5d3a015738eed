// Verification of Cognito user pool tokens (`Authorization: Bearer <jwt>`) for `hdoc serve`:
// RS256 only, key by kid from a JWKS, issuer, token_use, app client, exp/nbf with a small leeway.
// Behind API Gateway the JWT authorizer does this instead and the Lambda host reads its claims.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "auth/auth_error.hpp"
#include "auth/key_source.hpp"
#include "core/principal.hpp"

namespace hdoc::auth {

inline constexpr int kMaxLeewaySeconds = 60;

struct VerifierConfig {
  std::string issuer;    // https://cognito-idp.{region}.amazonaws.com/{poolId}, see cognitoIssuer
  std::string clientId;  // the app client id: `aud` of id tokens, `client_id` of access tokens
  std::string jwksFile;  // exactly one of jwksFile (--jwks) and jwksUrl (--jwks-url)
  std::string jwksUrl;
  int leewaySeconds = kMaxLeewaySeconds;  // 0..60, for clock skew on exp, nbf and iat
};

using VerifyResult = std::variant<core::Principal, AuthError>;

// "https://cognito-idp.{region}.amazonaws.com/{userPoolId}"
std::string cognitoIssuer(std::string_view region, std::string_view userPoolId);

class TokenVerifier {
 public:
  // Throws std::invalid_argument for a bad configuration and std::runtime_error when the JWKS file
  // cannot be read or parsed (the URL is fetched lazily, on the first token). clock defaults to the
  // system clock.
  explicit TokenVerifier(VerifierConfig config, Clock clock = {});
  ~TokenVerifier();
  TokenVerifier(TokenVerifier&&) noexcept;
  TokenVerifier& operator=(TokenVerifier&&) noexcept;

  // The value of the Authorization header ("" when there is none): "Bearer <jwt>", the scheme
  // case-insensitive (RFC 7235). Safe to call from many threads at once.
  VerifyResult verify(std::string_view authorizationHeader) const;

  // A bare compact JWT.
  VerifyResult verifyToken(std::string_view jwt) const;

  // With --jwks-url: fetch the keys now (subject to the once-a-minute limit); the error, if any.
  // With --jwks: always nullopt.
  std::optional<std::string> prefetchKeys() const;

  const VerifierConfig& config() const { return config_; }

 private:
  VerifierConfig config_;
  Clock clock_;
  std::unique_ptr<KeySource> keys_;
};

}  // namespace hdoc::auth
