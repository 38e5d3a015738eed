// Test helper: a stand-in for a Cognito user pool. Generates RSA key pairs with OpenSSL, publishes them
// as a JWKS, and signs tokens, honest or forged (alg none, HS256 keyed with the public key, any header
// or payload bytes), for the auth unit tests and the security suite against the real server.
#pragma once

#include <openssl/types.h>

#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hdoc::testing {

class RsaKeyPair {
 public:
  // Generates a fresh key pair (2048 bits takes a noticeable fraction of a second: share them).
  explicit RsaKeyPair(std::string kid, int bits = 2048);

  const std::string& kid() const { return kid_; }
  std::string modulusBase64url() const;   // JWK "n"
  std::string exponentBase64url() const;  // JWK "e"
  // {"kid", "alg": "RS256", "kty": "RSA", "e", "n", "use": "sig"}, the shape Cognito publishes.
  boost::json::object jwk() const;
  // SubjectPublicKeyInfo PEM, the secret an HS256 key-confusion attack would use.
  std::string publicKeyPem() const;
  // RSASSA-PKCS1-v1_5 SHA-256 signature bytes.
  std::string signRs256(std::string_view data) const;
  EVP_PKEY* pkey() const { return key_.get(); }

 private:
  std::string kid_;
  std::shared_ptr<EVP_PKEY> key_;
};

// {"keys": [jwk of each key]}
std::string jwksJson(const std::vector<const RsaKeyPair*>& keys);

// HMAC-SHA256 through OpenSSL's EVP_Q_mac.
std::string hmacSha256(std::string_view key, std::string_view data);

// base64url(JSON text) for a header or payload written by hand, e.g. with duplicate or odd fields.
std::string encodePart(std::string_view jsonText);

// header.payload.signature from raw JSON texts.
std::string forgeRs256(const RsaKeyPair& key, std::string_view headerJson, std::string_view payloadJson);
std::string forgeHs256(std::string_view secret, std::string_view headerJson, std::string_view payloadJson);
// "alg": "none" style: header.payload. with an empty signature.
std::string forgeUnsigned(std::string_view headerJson, std::string_view payloadJson);

// {"kid": key.kid(), "alg": "RS256"}
std::string rs256Header(const RsaKeyPair& key);

struct Identity {
  std::string sub = "7d8ca528-4931-4254-9273-ea5ee853f271";
  std::string username = "alice";
  std::string email = "alice@example.com";
  std::vector<std::string> groups;
};

// Claims shaped like Cognito's id and access tokens, issued at iat and valid for lifetime seconds.
boost::json::object idTokenClaims(std::string_view issuer, std::string_view clientId, const Identity& who,
                                  std::int64_t iat, std::int64_t lifetime = 3600);
boost::json::object accessTokenClaims(std::string_view issuer, std::string_view clientId, const Identity& who,
                                      std::int64_t iat, std::int64_t lifetime = 3600);

// An honest token: rs256Header(key) and the claims, signed with key.
std::string signToken(const RsaKeyPair& key, const boost::json::object& claims);

}  // namespace hdoc::testing
