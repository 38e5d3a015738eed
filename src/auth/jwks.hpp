// JSON Web Key Sets (RFC 7517) as Cognito publishes them at
// https://cognito-idp.{region}.amazonaws.com/{poolId}/.well-known/jwks.json: RSA signing keys by kid.
#pragma once

#include <openssl/types.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

namespace hdoc::auth {

// An RSA public key, immutable once built, so threads may verify with it concurrently.
using PublicKey = std::shared_ptr<EVP_PKEY>;

// Keys shorter than this are refused: Cognito's are 2048 bits, and shorter ones are forgeable.
inline constexpr int kMinRsaBits = 2048;

struct KeySet {
  std::map<std::string, PublicKey, std::less<>> byKid;
  PublicKey find(std::string_view kid) const;
};

struct JwksError {
  std::string message;
};

// Keeps the keys usable for RS256 signatures: kty "RSA" with kid, n and e, whose "use" (if present) is
// "sig" and "alg" (if present) is "RS256"; other keys (EC, encryption keys) are skipped. Malformed JSON,
// no "keys" array, a malformed RSA key, a duplicate kid or a set with no usable key is an error.
std::variant<KeySet, JwksError> parseJwks(std::string_view json);

// The RSA public key with modulus n and exponent e (big-endian bytes), built with EVP_PKEY_fromdata.
std::variant<PublicKey, JwksError> rsaPublicKey(std::string_view modulus, std::string_view exponent);

}  // namespace hdoc::auth
