// The compact JWS form of a JWT (RFC 7515 section 7.1): header.payload.signature, each base64url.
// Only the parts needed to choose a key and check an RS256 signature; claims are the verifier's job.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "auth/auth_error.hpp"
#include "auth/jwks.hpp"

namespace hdoc::auth {

// Longer tokens are refused before any decoding (Cognito tokens are a few KiB).
inline constexpr std::size_t kMaxTokenLength = 16 * 1024;

struct SignedJwt {
  std::string kid;
  std::string_view signingInput;  // "header.payload", into the token passed to splitRs256Jwt
  std::string payloadBytes;       // decoded base64url; parsed as JSON only once the signature holds
  std::string signature;          // raw bytes
};

// Splits and checks the header: exactly three non-empty parts of strict base64url, a JSON object header
// with "alg": "RS256" (anything else, including "none" and "HS256", is UnsupportedAlgorithm), no "crit",
// and a non-empty string "kid".
std::variant<SignedJwt, AuthError> splitRs256Jwt(std::string_view token);

// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 section 3.3) through EVP_DigestVerify.
bool verifyRs256(EVP_PKEY* key, std::string_view signingInput, std::string_view signature);

// Decodes a base64url part holding a JSON object; Malformed (naming `what`) otherwise.
std::variant<boost::json::object, AuthError> decodeJsonPart(std::string_view part, std::string_view what);
// Parses bytes holding a JSON object; Malformed (naming `what`) otherwise.
std::variant<boost::json::object, AuthError> parseJsonObject(std::string_view bytes, std::string_view what);

}  // namespace hdoc::auth
