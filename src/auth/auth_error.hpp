// Why a request's credentials were refused. Every kind maps to 401 with
// `WWW-Authenticate: Bearer error="invalid_token"` (MissingToken: plain `Bearer`, RFC 6750 section 3.1),
// except KeysUnavailable, which is the server's fault (the JWKS could not be fetched): 503.
#pragma once

#include <string>
#include <string_view>

namespace hdoc::auth {

enum class AuthErrorKind {
  MissingToken,          // no Authorization header, or an empty one
  Malformed,             // not "Bearer <jwt>", not three base64url parts, not JSON objects, bad claim types
  UnsupportedAlgorithm,  // alg other than RS256 (none, HS256, ...), or a `crit` header
  UnknownKey,            // kid not in the JWKS (even after the rate-limited refetch)
  BadSignature,          // RS256 signature does not verify with the key named by kid
  Expired,               // exp (plus leeway) has passed
  NotYetValid,           // nbf or iat (minus leeway) is still in the future
  WrongIssuer,           // iss is not the configured user pool
  WrongAudience,         // aud (id token) or client_id (access token) is not the configured app client
  WrongTokenUse,         // token_use is neither "id" nor "access"
  KeysUnavailable,       // the JWKS URL could not be fetched or parsed
};

struct AuthError {
  AuthErrorKind kind;
  std::string detail;  // for logs and the problem+json "detail"; never contains the token itself
};

// Stable lower-case names ("missing_token", "bad_signature", ...) for logs and tests.
std::string_view authErrorName(AuthErrorKind kind);

}  // namespace hdoc::auth
